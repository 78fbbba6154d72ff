import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ReportStatus, ReportSubjectType } from '../generated/prisma/enums.ts';

const reportSelect = {
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
} satisfies Prisma.ReportSelect;

export type ReportRecord = Prisma.ReportGetPayload<{ select: typeof reportSelect }>;

export class ReportRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<ReportRecord[]> {
    return this.db.report.findMany({ where: { organizationId, id: { in: [...ids] } }, select: reportSelect });
  }

  /** The reporter's open report on the same subject, so reporting twice does not queue twice. */
  findOpen(organizationId: string, reporterId: string, subjectType: ReportSubjectType, subjectId: string): Promise<ReportRecord | null> {
    return this.db.report.findFirst({
      where: { organizationId, reporterId, subjectType, subjectId, status: 'OPEN' },
      select: reportSelect,
    });
  }

  create(data: Pick<ReportRecord, 'organizationId' | 'reporterId' | 'subjectType' | 'subjectId' | 'reason'>): Promise<ReportRecord> {
    return this.db.report.create({ data, select: reportSelect });
  }

  /** Oldest first: the queue is worked in the order reports came in. */
  list(
    organizationId: string,
    filter: { status: ReportStatus; subjectType?: ReportSubjectType | null },
    page: { afterId?: string; take: number },
  ): Promise<ReportRecord[]> {
    return this.db.report.findMany({
      where: {
        organizationId,
        status: filter.status,
        ...(filter.subjectType ? { subjectType: filter.subjectType } : {}),
        ...(page.afterId ? { id: { gt: page.afterId } } : {}),
      },
      orderBy: { id: 'asc' },
      take: page.take,
      select: reportSelect,
    });
  }

  /** Closes an open report; false when it was no longer open (someone else closed it first). */
  async close(
    id: string,
    data: { status: 'RESOLVED' | 'DISMISSED'; resolverId: string; resolutionNote: string | null; resolvedAt: Date },
  ): Promise<boolean> {
    const { count } = await this.db.report.updateMany({ where: { id, status: 'OPEN' }, data });
    return count === 1;
  }
}
