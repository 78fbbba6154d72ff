import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ContentScope } from '../post/content-scope.ts';
import { visiblePostWhere } from '../post/post.repository.ts';
import { sqlColumns } from '../sql.ts';

const commentSelect = {
  id: true,
  organizationId: true,
  postId: true,
  /** The top-level comment this one replies under; null for top-level comments. */
  parentId: true,
  /** The comment actually answered (top-level or reply); null for top-level comments. */
  inReplyToId: true,
  authorId: true,
  body: true,
  likeCount: true,
  replyCount: true,
  createdAt: true,
  updatedAt: true,
  editedAt: true,
  hiddenAt: true,
} satisfies Prisma.CommentSelect;

export type CommentRecord = Prisma.CommentGetPayload<{ select: typeof commentSelect }>;

/** One page of a post's comments or of a comment's replies: the page of the paged comment loaders. */
export interface CommentPage {
  afterId?: string;
  take: number;
}

/** How many of a post's newest comments one card shows: the page of the latest-comments loader. */
export interface LatestCommentsPage {
  take: number;
}

export class CommentRepository {
  constructor(private readonly db: Db) {}

  /** Comments on posts the scope may read; hidden ones (or on hidden posts) only for moderators. */
  findByIds(scope: ContentScope, ids: readonly string[]): Promise<CommentRecord[]> {
    return this.db.comment.findMany({
      where: {
        id: { in: [...ids] },
        organizationId: scope.organizationId,
        deletedAt: null,
        ...(scope.seesHidden ? {} : { hiddenAt: null }),
        post: visiblePostWhere(scope, { includeHidden: true }),
      },
      select: commentSelect,
    });
  }

  /** A live, unhidden comment on `postId`, locked until the transaction ends (replies and deletes serialize on it). */
  async findLiveOnPostForUpdate(organizationId: string, postId: string, id: string): Promise<CommentRecord | null> {
    const [comment] = await this.db.$queryRaw<CommentRecord[]>`
      SELECT ${sqlColumns(commentSelect, 'c')} FROM "Comment" c
      WHERE c.id = ${id} AND c."postId" = ${postId} AND c."organizationId" = ${organizationId}
        AND c."deletedAt" IS NULL AND c."hiddenAt" IS NULL
      FOR UPDATE`;
    return comment ?? null;
  }

  /** A live comment of the organization, locked until the transaction ends; the caller checks the post. */
  async findLiveForUpdate(organizationId: string, id: string): Promise<CommentRecord | null> {
    const [comment] = await this.db.$queryRaw<CommentRecord[]>`
      SELECT ${sqlColumns(commentSelect, 'c')} FROM "Comment" c
      WHERE c.id = ${id} AND c."organizationId" = ${organizationId} AND c."deletedAt" IS NULL
      FOR UPDATE`;
    return comment ?? null;
  }

  /**
   * One page per parent in a single query, oldest first: top-level comments per post
   * (`parent: 'postId'`), or replies per top-level comment (`parent: 'parentId'`). The caller
   * reached the parents through visible posts, so only the comments' own state is filtered here.
   */
  listByParents(
    organizationId: string,
    parent: 'postId' | 'parentId',
    parentIds: readonly string[],
    page: CommentPage,
  ): Promise<CommentRecord[]> {
    if (parentIds.length === 0) return Promise.resolve([]);
    const parentColumn = Prisma.raw(`c."${parent}"`);
    const topLevelOnly = parent === 'postId' ? Prisma.sql`AND c."parentId" IS NULL` : Prisma.empty;
    const after = page.afterId ? Prisma.sql`AND c.id > ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<CommentRecord[]>`
      SELECT ${sqlColumns(commentSelect)} FROM (
        SELECT ${sqlColumns(commentSelect, 'c')}, row_number() OVER (PARTITION BY ${parentColumn} ORDER BY c.id) AS position
        FROM "Comment" c
        WHERE c."organizationId" = ${organizationId} AND c."deletedAt" IS NULL AND c."hiddenAt" IS NULL
          AND ${parentColumn} IN (${Prisma.join([...parentIds])}) ${topLevelOnly} ${after}
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY id`;
  }

  /** The `take` newest comments (any level) of each post, in one query. */
  listLatestByPosts(organizationId: string, postIds: readonly string[], page: LatestCommentsPage): Promise<CommentRecord[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<CommentRecord[]>`
      SELECT ${sqlColumns(commentSelect)} FROM (
        SELECT ${sqlColumns(commentSelect, 'c')}, row_number() OVER (PARTITION BY c."postId" ORDER BY c.id DESC) AS position
        FROM "Comment" c
        WHERE c."organizationId" = ${organizationId} AND c."deletedAt" IS NULL AND c."hiddenAt" IS NULL
          AND c."postId" IN (${Prisma.join([...postIds])})
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY id DESC`;
  }

  create(
    data: Pick<CommentRecord, 'organizationId' | 'postId' | 'parentId' | 'inReplyToId' | 'authorId' | 'body'>,
  ): Promise<CommentRecord> {
    return this.db.comment.create({ data, select: commentSelect });
  }

  update(id: string, changes: Pick<CommentRecord, 'body' | 'editedAt'>): Promise<CommentRecord> {
    return this.db.comment.update({ where: { id }, data: changes, select: commentSelect });
  }

  async setHiddenAt(id: string, hiddenAt: Date | null): Promise<void> {
    await this.db.comment.update({ where: { id }, data: { hiddenAt }, select: { id: true } });
  }

  /** Soft-deletes a comment and, for a top-level one, its live replies; returns how many were live. */
  async softDeleteWithReplies(id: string, at: Date): Promise<number> {
    const { count } = await this.db.comment.updateMany({
      where: { OR: [{ id }, { parentId: id }], deletedAt: null },
      data: { deletedAt: at },
    });
    return count;
  }

  /** Atomic in the database, like the post counters. */
  async addToCounts(id: string, delta: { likeCount?: number; replyCount?: number }): Promise<void> {
    await this.db.comment.update({
      where: { id },
      data: {
        ...(delta.likeCount ? { likeCount: { increment: delta.likeCount } } : {}),
        ...(delta.replyCount ? { replyCount: { increment: delta.replyCount } } : {}),
      },
      select: { id: true },
    });
  }
}
