import type { Db } from '../db.ts';

const announcementColumns = {
  id: true,
  organizationId: true,
  authorId: true,
  title: true,
  body: true,
  pinned: true,
  expiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface AnnouncementRecord {
  id: string;
  organizationId: string;
  authorId: string;
  title: string;
  body: string;
  pinned: boolean;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type AnnouncementChanges = Partial<Pick<AnnouncementRecord, 'title' | 'body' | 'pinned' | 'expiresAt'>>;

/** Where a page of the pinned-first, newest-first list resumes. */
export interface AnnouncementPosition {
  pinned: boolean;
  id: string;
}

export class AnnouncementRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<AnnouncementRecord[]> {
    return this.db.announcement.findMany({ where: { organizationId, deletedAt: null, id: { in: [...ids] } }, select: announcementColumns });
  }

  /**
   * Pinned first, then newest first (ids are time-ordered); keyset-paginated on (pinned, id).
   * `liveAt` leaves out announcements expired by then; null keeps them.
   */
  list(organizationId: string, options: { liveAt: Date | null; after?: AnnouncementPosition; take: number }): Promise<AnnouncementRecord[]> {
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
      select: announcementColumns,
    });
  }

  create(data: Pick<AnnouncementRecord, 'organizationId' | 'authorId' | 'title' | 'body' | 'pinned' | 'expiresAt'>): Promise<AnnouncementRecord> {
    return this.db.announcement.create({ data, select: announcementColumns });
  }

  update(id: string, changes: AnnouncementChanges): Promise<AnnouncementRecord> {
    return this.db.announcement.update({ where: { id }, data: changes, select: announcementColumns });
  }

  softDelete(id: string, at: Date): Promise<unknown> {
    return this.db.announcement.update({ where: { id }, data: { deletedAt: at }, select: { id: true } });
  }
}
