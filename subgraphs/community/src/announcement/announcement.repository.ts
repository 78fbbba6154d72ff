import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const announcementSelect = {
  id: true,
  organizationId: true,
  authorId: true,
  title: true,
  body: true,
  pinned: true,
  expiresAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AnnouncementSelect;

export type AnnouncementRecord = Prisma.AnnouncementGetPayload<{ select: typeof announcementSelect }>;

export type AnnouncementChanges = Partial<Pick<AnnouncementRecord, 'title' | 'body' | 'pinned' | 'expiresAt'>>;

/** Where a page of the pinned-first, newest-first list resumes. */
export interface AnnouncementPosition {
  pinned: boolean;
  id: string;
}

export class AnnouncementRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<AnnouncementRecord[]> {
    return this.db.announcement.findMany({ where: { organizationId, deletedAt: null, id: { in: [...ids] } }, select: announcementSelect });
  }

  /**
   * Pinned first, then newest first (ids are time-ordered); keyset-paginated on (pinned, id).
   * `liveAt` leaves out announcements expired by then; null keeps them.
   */
  list(
    organizationId: string,
    options: { liveAt: Date | null; after?: AnnouncementPosition; take: number },
  ): Promise<AnnouncementRecord[]> {
    const { after } = options;
    return this.db.announcement.findMany({
      where: {
        organizationId,
        deletedAt: null,
        AND: [
          options.liveAt ? { OR: [{ expiresAt: null }, { expiresAt: { gt: options.liveAt } }] } : {},
          after
            ? after.pinned
              ? { OR: [{ pinned: true, id: { lt: after.id } }, { pinned: false }] }
              : { pinned: false, id: { lt: after.id } }
            : {},
        ],
      },
      orderBy: [{ pinned: 'desc' }, { id: 'desc' }],
      take: options.take,
      select: announcementSelect,
    });
  }

  create(
    data: Pick<AnnouncementRecord, 'organizationId' | 'authorId' | 'title' | 'body' | 'pinned' | 'expiresAt'>,
  ): Promise<AnnouncementRecord> {
    return this.db.announcement.create({ data, select: announcementSelect });
  }

  update(id: string, changes: AnnouncementChanges): Promise<AnnouncementRecord> {
    return this.db.announcement.update({ where: { id }, data: changes, select: announcementSelect });
  }

  async softDelete(id: string, at: Date): Promise<void> {
    await this.db.announcement.update({ where: { id }, data: { deletedAt: at }, select: { id: true } });
  }
}
