import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { visiblePostWhere, type ContentScope } from '../post/post-scope.ts';

const commentColumns = {
  id: true,
  organizationId: true,
  postId: true,
  parentId: true,
  inReplyToId: true,
  authorId: true,
  body: true,
  likeCount: true,
  replyCount: true,
  createdAt: true,
  updatedAt: true,
  editedAt: true,
  hiddenAt: true,
} as const;

const commentSqlColumns = (alias: string) =>
  Prisma.raw(
    Object.keys(commentColumns)
      .map((column) => (alias ? `${alias}."${column}"` : `"${column}"`))
      .join(', '),
  );

export interface CommentRecord {
  id: string;
  organizationId: string;
  postId: string;
  /** The top-level comment this one replies under; null for top-level comments. */
  parentId: string | null;
  /** The comment actually answered (top-level or reply); null for top-level comments. */
  inReplyToId: string | null;
  authorId: string;
  body: string;
  likeCount: number;
  replyCount: number;
  createdAt: Date;
  updatedAt: Date;
  editedAt: Date | null;
  hiddenAt: Date | null;
}

export interface CommentPage {
  afterId?: string;
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
      select: commentColumns,
    });
  }

  /** A live, unhidden comment on `postId`, locked until the transaction ends (replies and deletes serialize on it). */
  async findLiveOnPostForUpdate(organizationId: string, postId: string, id: string): Promise<CommentRecord | null> {
    const [comment] = await this.db.$queryRaw<CommentRecord[]>`
      SELECT ${commentSqlColumns('c')} FROM "Comment" c
      WHERE c.id = ${id} AND c."postId" = ${postId} AND c."organizationId" = ${organizationId}
        AND c."deletedAt" IS NULL AND c."hiddenAt" IS NULL
      FOR UPDATE`;
    return comment ?? null;
  }

  /** A live comment of the organization, locked until the transaction ends; the caller checks the post. */
  async findLiveForUpdate(organizationId: string, id: string): Promise<CommentRecord | null> {
    const [comment] = await this.db.$queryRaw<CommentRecord[]>`
      SELECT ${commentSqlColumns('c')} FROM "Comment" c
      WHERE c.id = ${id} AND c."organizationId" = ${organizationId} AND c."deletedAt" IS NULL
      FOR UPDATE`;
    return comment ?? null;
  }

  /**
   * One page per parent in a single query, oldest first: top-level comments per post
   * (`parent: 'postId'`), or replies per top-level comment (`parent: 'parentId'`). The caller
   * reached the parents through visible posts, so only the comments' own state is filtered here.
   */
  listByParents(organizationId: string, parent: 'postId' | 'parentId', parentIds: readonly string[], page: CommentPage): Promise<CommentRecord[]> {
    if (parentIds.length === 0) return Promise.resolve([]);
    const parentColumn = Prisma.raw(`c."${parent}"`);
    const topLevelOnly = parent === 'postId' ? Prisma.sql`AND c."parentId" IS NULL` : Prisma.empty;
    const after = page.afterId ? Prisma.sql`AND c.id > ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<CommentRecord[]>`
      SELECT ${commentSqlColumns('')} FROM (
        SELECT ${commentSqlColumns('c')}, row_number() OVER (PARTITION BY ${parentColumn} ORDER BY c.id) AS position
        FROM "Comment" c
        WHERE c."organizationId" = ${organizationId} AND c."deletedAt" IS NULL AND c."hiddenAt" IS NULL
          AND ${parentColumn} IN (${Prisma.join([...parentIds])}) ${topLevelOnly} ${after}
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY id`;
  }

  /** The `take` newest comments (any level) of each post, in one query. */
  listLatestByPosts(organizationId: string, postIds: readonly string[], take: number): Promise<CommentRecord[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<CommentRecord[]>`
      SELECT ${commentSqlColumns('')} FROM (
        SELECT ${commentSqlColumns('c')}, row_number() OVER (PARTITION BY c."postId" ORDER BY c.id DESC) AS position
        FROM "Comment" c
        WHERE c."organizationId" = ${organizationId} AND c."deletedAt" IS NULL AND c."hiddenAt" IS NULL
          AND c."postId" IN (${Prisma.join([...postIds])})
      ) ranked
      WHERE position <= ${take}
      ORDER BY id DESC`;
  }

  create(data: Pick<CommentRecord, 'organizationId' | 'postId' | 'parentId' | 'inReplyToId' | 'authorId' | 'body'>): Promise<CommentRecord> {
    return this.db.comment.create({ data, select: commentColumns });
  }

  update(id: string, changes: Pick<CommentRecord, 'body' | 'editedAt'>): Promise<CommentRecord> {
    return this.db.comment.update({ where: { id }, data: changes, select: commentColumns });
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
