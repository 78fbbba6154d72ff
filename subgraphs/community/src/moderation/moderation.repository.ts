import type { Db } from '../db.ts';
import type { ReportStatus, ReportSubjectType } from '../generated/prisma/enums.ts';
import { visiblePostWhere, type ContentScope } from '../post/post-scope.ts';

const reportColumns = {
  id: true,
  organizationId: true,
  reporterId: true,
  subjectType: true,
  subjectId: true,
  reason: true,
  status: true,
  resolverId: true,
  resolvedAt: true,
  resolutionNote: true,
  createdAt: true,
} as const;

export interface ReportRecord {
  id: string;
  organizationId: string;
  reporterId: string;
  subjectType: ReportSubjectType;
  subjectId: string;
  reason: string;
  status: ReportStatus;
  resolverId: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
  createdAt: Date;
}

/** A post or comment as moderation needs it: who wrote it, where, and its state. */
export interface ModeratedContentRecord {
  id: string;
  authorId: string;
  /** The group of the post (or of the comment's post), whose moderators may act on it. */
  groupId: string | null;
  hiddenAt: Date | null;
}

const hiddenAtOf = (hidden: boolean, current: Date | null, now: Date) => (hidden ? (current ?? now) : null);

export class ReportRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<ReportRecord[]> {
    return this.db.report.findMany({ where: { organizationId, id: { in: [...ids] } }, select: reportColumns });
  }

  /** The reporter's open report on the same subject, so reporting twice does not queue twice. */
  findOpen(organizationId: string, reporterId: string, subjectType: ReportSubjectType, subjectId: string): Promise<ReportRecord | null> {
    return this.db.report.findFirst({ where: { organizationId, reporterId, subjectType, subjectId, status: 'OPEN' }, select: reportColumns });
  }

  create(data: Pick<ReportRecord, 'organizationId' | 'reporterId' | 'subjectType' | 'subjectId' | 'reason'>): Promise<ReportRecord> {
    return this.db.report.create({ data, select: reportColumns });
  }

  /** Oldest first: the queue is worked in the order reports came in. */
  list(organizationId: string, filter: { status: ReportStatus; subjectType?: ReportSubjectType | null }, page: { afterId?: string; take: number }) {
    return this.db.report.findMany({
      where: {
        organizationId,
        status: filter.status,
        ...(filter.subjectType ? { subjectType: filter.subjectType } : {}),
        ...(page.afterId ? { id: { gt: page.afterId } } : {}),
      },
      orderBy: { id: 'asc' },
      take: page.take,
      select: reportColumns,
    });
  }

  /** Closes an open report; false when it was no longer open (someone else closed it first). */
  async close(id: string, data: { status: 'RESOLVED' | 'DISMISSED'; resolverId: string; resolutionNote: string | null; resolvedAt: Date }): Promise<boolean> {
    const { count } = await this.db.report.updateMany({ where: { id, status: 'OPEN' }, data });
    return count === 1;
  }
}

/** Reads and hides posts and comments (their columns belong to post.prisma) for moderation. */
export class ContentModerationRepository {
  constructor(private readonly db: Db) {}

  /** A live post the scope may see, hidden ones included (moderators review them). */
  async findPost(scope: ContentScope, id: string): Promise<ModeratedContentRecord | null> {
    return this.db.post.findFirst({
      where: { ...visiblePostWhere(scope, { includeHidden: true }), id },
      select: { id: true, authorId: true, groupId: true, hiddenAt: true },
    });
  }

  async findComment(scope: ContentScope, id: string): Promise<ModeratedContentRecord | null> {
    const comment = await this.db.comment.findFirst({
      where: {
        id,
        organizationId: scope.organizationId,
        deletedAt: null,
        ...(scope.seesHidden ? {} : { hiddenAt: null }),
        post: visiblePostWhere(scope, { includeHidden: true }),
      },
      select: { id: true, authorId: true, hiddenAt: true, post: { select: { groupId: true } } },
    });
    return comment && { id: comment.id, authorId: comment.authorId, groupId: comment.post.groupId, hiddenAt: comment.hiddenAt };
  }

  async setPostHidden(post: ModeratedContentRecord, hidden: boolean, now: Date): Promise<void> {
    await this.db.post.update({ where: { id: post.id }, data: { hiddenAt: hiddenAtOf(hidden, post.hiddenAt, now) }, select: { id: true } });
  }

  async setCommentHidden(comment: ModeratedContentRecord, hidden: boolean, now: Date): Promise<void> {
    await this.db.comment.update({ where: { id: comment.id }, data: { hiddenAt: hiddenAtOf(hidden, comment.hiddenAt, now) }, select: { id: true } });
  }
}
