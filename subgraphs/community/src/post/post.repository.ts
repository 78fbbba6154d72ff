import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { visiblePostSql, visiblePostWhere, type ContentScope } from './post-scope.ts';

const postColumns = {
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
} as const;

/** The same columns for raw SQL, on alias `p` and unqualified. */
const postSqlColumns = Prisma.raw(
  Object.keys(postColumns)
    .map((column) => `p."${column}"`)
    .join(', '),
);
const rankedSqlColumns = Prisma.raw(
  Object.keys(postColumns)
    .map((column) => `"${column}"`)
    .join(', '),
);

export interface PostRecord {
  id: string;
  organizationId: string;
  spaceId: string | null;
  groupId: string | null;
  authorId: string;
  title: string;
  body: string;
  pinned: boolean;
  likeCount: number;
  commentCount: number;
  createdAt: Date;
  updatedAt: Date;
  editedAt: Date | null;
  hiddenAt: Date | null;
}

/**
 * A page request shared by every parent of one batch. Space and group feeds order pinned posts
 * first, so their position is (pinned, id): `afterPinned` goes with `afterId` there.
 */
export interface PostPage {
  afterId?: string;
  afterPinned?: boolean;
  take: number;
}

export interface PostRevisionRecord {
  id: string;
  postId: string;
  editorId: string;
  title: string;
  body: string;
  createdAt: Date;
}

const revisionColumns = { id: true, postId: true, editorId: true, title: true, body: true, createdAt: true } as const;

export type PostParent = 'spaceId' | 'groupId' | 'authorId';

export class PostRepository {
  constructor(private readonly db: Db) {}

  /** Posts of the scope by id; hidden ones only for moderators (who review them). */
  findByIds(scope: ContentScope, ids: readonly string[]): Promise<PostRecord[]> {
    return this.db.post.findMany({
      where: { ...visiblePostWhere(scope, { includeHidden: true }), id: { in: [...ids] } },
      select: postColumns,
    });
  }

  /** A live, unhidden post of the scope, locked against concurrent deletion until the transaction ends. */
  async findLiveForUpdate(scope: ContentScope, id: string): Promise<PostRecord | null> {
    const [post] = await this.db.$queryRaw<PostRecord[]>`
      SELECT ${postSqlColumns} FROM "Post" p WHERE p.id = ${id} AND ${visiblePostSql(scope)} FOR UPDATE`;
    return post ?? null;
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
      SELECT ${rankedSqlColumns} FROM (
        SELECT ${postSqlColumns}, row_number() OVER (PARTITION BY ${parentColumn} ORDER BY ${Prisma.raw(pinnedFirst ? 'p.pinned DESC, p.id DESC' : 'p.id DESC')}) AS position
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
      SELECT ${postSqlColumns} FROM "Post" p
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
    return this.db.post.create({ data, select: postColumns });
  }

  update(id: string, changes: Partial<Pick<PostRecord, 'title' | 'body' | 'editedAt' | 'pinned'>>): Promise<PostRecord> {
    return this.db.post.update({ where: { id }, data: changes, select: postColumns });
  }

  /** Soft delete; false when the post was already deleted (a concurrent delete won). */
  async softDelete(id: string, at: Date): Promise<boolean> {
    const { count } = await this.db.post.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: at } });
    return count === 1;
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
    return this.db.postRevision.create({ data, select: revisionColumns });
  }

  /** Earlier versions of each post, newest first. */
  listRevisions(postIds: readonly string[]): Promise<PostRevisionRecord[]> {
    return this.db.postRevision.findMany({ where: { postId: { in: [...postIds] } }, orderBy: { id: 'desc' }, select: revisionColumns });
  }
}
