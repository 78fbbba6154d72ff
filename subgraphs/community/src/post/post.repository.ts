import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { sqlColumns, sqlIn } from '../sql.ts';
import type { ContentScope } from './content-scope.ts';

const postSelect = {
  id: true,
  organizationId: true,
  spaceId: true,
  groupId: true,
  authorId: true,
  title: true,
  body: true,
  pinned: true,
  likeCount: true,
  commentCount: true,
  createdAt: true,
  updatedAt: true,
  editedAt: true,
  hiddenAt: true,
} satisfies Prisma.PostSelect;

export type PostRecord = Prisma.PostGetPayload<{ select: typeof postSelect }>;

const postRevisionSelect = {
  id: true,
  postId: true,
  editorId: true,
  title: true,
  body: true,
  createdAt: true,
} satisfies Prisma.PostRevisionSelect;

export type PostRevisionRecord = Prisma.PostRevisionGetPayload<{ select: typeof postRevisionSelect }>;

/**
 * A page request shared by every parent of one batch. Space and group feeds order pinned posts
 * first, so their position is (pinned, id): `afterPinned` goes with `afterId` there.
 */
export interface PostPage {
  afterId?: string;
  afterPinned?: boolean;
  take: number;
}

export type PostParent = 'spaceId' | 'groupId' | 'authorId';

/** Prisma filter: live posts in the scope's spaces and groups; hidden ones only where allowed. */
export function visiblePostWhere(scope: ContentScope, options: { includeHidden?: boolean } = {}): Prisma.PostWhereInput {
  return {
    organizationId: scope.organizationId,
    deletedAt: null,
    ...(options.includeHidden && scope.seesHidden ? {} : { hiddenAt: null }),
    OR: [{ spaceId: { in: [...scope.spaceIds] } }, { groupId: { in: [...scope.groupIds] } }],
  };
}

/** Raw-SQL twin of visiblePostWhere for lists (hidden posts never listed), on alias `p`. */
export function visiblePostSql(scope: ContentScope): Prisma.Sql {
  return Prisma.sql`p."organizationId" = ${scope.organizationId}
    AND p."deletedAt" IS NULL AND p."hiddenAt" IS NULL
    AND (${sqlIn(Prisma.raw('p."spaceId"'), scope.spaceIds)} OR ${sqlIn(Prisma.raw('p."groupId"'), scope.groupIds)})`;
}

export class PostRepository {
  constructor(private readonly db: Db) {}

  /** Posts of the scope by id; hidden ones only for moderators (who review them). */
  findByIds(scope: ContentScope, ids: readonly string[]): Promise<PostRecord[]> {
    return this.db.post.findMany({
      where: { ...visiblePostWhere(scope, { includeHidden: true }), id: { in: [...ids] } },
      select: postSelect,
    });
  }

  /** A live, unhidden post of the scope, locked against concurrent deletion until the transaction ends. */
  async findLiveForUpdate(scope: ContentScope, id: string): Promise<PostRecord | null> {
    const [post] = await this.db.$queryRaw<PostRecord[]>`
      SELECT ${sqlColumns(postSelect, 'p')} FROM "Post" p WHERE p.id = ${id} AND ${visiblePostSql(scope)} FOR UPDATE`;
    return post ?? null;
  }

  /**
   * The group of a live, unhidden group post of the organization, whatever the viewer may read:
   * writers check the group's own rules first, so they answer as posting there would.
   */
  async findGroupIdOfLivePost(organizationId: string, id: string): Promise<string | null> {
    const post = await this.db.post.findFirst({
      where: { id, organizationId, groupId: { not: null }, deletedAt: null, hiddenAt: null },
      select: { groupId: true },
    });
    return post?.groupId ?? null;
  }

  /**
   * One page of posts for each parent (space, group or author) in a single query: a window
   * function numbers each parent's posts so the page limit applies per parent. Spaces and groups
   * list pinned posts first; an author's posts are newest first only.
   */
  listByParents(scope: ContentScope, parent: PostParent, parentIds: readonly string[], page: PostPage): Promise<PostRecord[]> {
    if (parentIds.length === 0) return Promise.resolve([]);
    const parentColumn = Prisma.raw(`p."${parent}"`);
    const pinnedFirst = parent !== 'authorId';
    const order = Prisma.raw(pinnedFirst ? 'pinned DESC, id DESC' : 'id DESC');
    let after = Prisma.empty;
    if (page.afterId && pinnedFirst) {
      const pinned = page.afterPinned ?? false;
      after = Prisma.sql`AND (p.pinned < ${pinned} OR (p.pinned = ${pinned} AND p.id < ${page.afterId}))`;
    } else if (page.afterId) {
      after = Prisma.sql`AND p.id < ${page.afterId}`;
    }
    return this.db.$queryRaw<PostRecord[]>`
      SELECT ${sqlColumns(postSelect)} FROM (
        SELECT ${sqlColumns(postSelect, 'p')}, row_number() OVER (PARTITION BY ${parentColumn} ORDER BY ${Prisma.raw(pinnedFirst ? 'p.pinned DESC, p.id DESC' : 'p.id DESC')}) AS position
        FROM "Post" p
        WHERE ${visiblePostSql(scope)}
          AND ${parentColumn} IN (${Prisma.join([...parentIds])})
          ${after}
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY ${order}`;
  }

  /**
   * The home feed: posts in the spaces the viewer joined and by the users they follow, newest
   * first, within what the scope may read. One statement.
   */
  listHome(scope: ContentScope, page: PostPage): Promise<PostRecord[]> {
    const after = page.afterId ? Prisma.sql`AND p.id < ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<PostRecord[]>`
      SELECT ${sqlColumns(postSelect, 'p')} FROM "Post" p
      WHERE ${visiblePostSql(scope)}
        AND (
          p."spaceId" IN (SELECT m."spaceId" FROM "SpaceMember" m WHERE m."organizationId" = ${scope.organizationId} AND m."userId" = ${scope.userId})
          OR p."authorId" IN (SELECT f."followeeId" FROM "Follow" f WHERE f."organizationId" = ${scope.organizationId} AND f."followerId" = ${scope.userId})
        )
        ${after}
      ORDER BY p.id DESC
      LIMIT ${page.take}`;
  }

  async countByAuthors(scope: ContentScope, authorIds: readonly string[]): Promise<{ authorId: string; count: number }[]> {
    const groups = await this.db.post.groupBy({
      by: ['authorId'],
      where: { ...visiblePostWhere(scope), authorId: { in: [...authorIds] } },
      _count: { _all: true },
    });
    return groups.map((group) => ({ authorId: group.authorId, count: group._count._all }));
  }

  create(data: Pick<PostRecord, 'organizationId' | 'spaceId' | 'groupId' | 'authorId' | 'title' | 'body'>): Promise<PostRecord> {
    return this.db.post.create({ data, select: postSelect });
  }

  update(id: string, changes: Partial<Pick<PostRecord, 'title' | 'body' | 'editedAt' | 'pinned'>>): Promise<PostRecord> {
    return this.db.post.update({ where: { id }, data: changes, select: postSelect });
  }

  /** Soft delete; false when the post was already deleted (a concurrent delete won). */
  async softDelete(id: string, at: Date): Promise<boolean> {
    const { count } = await this.db.post.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: at } });
    return count === 1;
  }

  async setHiddenAt(id: string, hiddenAt: Date | null): Promise<void> {
    await this.db.post.update({ where: { id }, data: { hiddenAt }, select: { id: true } });
  }

  /** Atomic in the database (`SET x = x + delta`), so concurrent changes never lose an update. */
  async addToCounts(id: string, delta: { likeCount?: number; commentCount?: number }): Promise<void> {
    await this.db.post.update({
      where: { id },
      data: {
        ...(delta.likeCount ? { likeCount: { increment: delta.likeCount } } : {}),
        ...(delta.commentCount ? { commentCount: { increment: delta.commentCount } } : {}),
      },
      select: { id: true },
    });
  }

  createRevision(data: Omit<PostRevisionRecord, 'id' | 'createdAt'> & { organizationId: string }): Promise<PostRevisionRecord> {
    return this.db.postRevision.create({ data, select: postRevisionSelect });
  }

  /** Earlier versions of each post, newest first. */
  listRevisions(postIds: readonly string[]): Promise<PostRevisionRecord[]> {
    return this.db.postRevision.findMany({ where: { postId: { in: [...postIds] } }, orderBy: { id: 'desc' }, select: postRevisionSelect });
  }
}
