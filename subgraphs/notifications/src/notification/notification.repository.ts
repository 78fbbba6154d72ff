import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const notificationSelect = {
  id: true,
  organizationId: true,
  recipientId: true,
  type: true,
  title: true,
  body: true,
  data: true,
  priority: true,
  actorId: true,
  subjectType: true,
  subjectId: true,
  eventId: true,
  inApp: true,
  expiresAt: true,
  readAt: true,
  createdAt: true,
} satisfies Prisma.NotificationSelect;

export type NotificationRecord = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

/** A notification made from a domain event; `data` is the event's payload. */
export type NewNotification = Omit<NotificationRecord, 'id' | 'data' | 'readAt' | 'createdAt'> & {
  eventId: string;
  data: Record<string, unknown>;
};

/** A recipient's notifications in one organization: the scope of every query here. */
export interface Inbox {
  organizationId: string;
  recipientId: string;
}

/** Which of an inbox's notifications a query reads; the service decides what a recipient sees. */
export interface InboxFilter {
  /** Only those shown in the app (`inApp`), not the ones that only carry deliveries. */
  inAppOnly: boolean;
  /** Only those not expired at this time. */
  unexpiredAt: Date;
  /** Only those not read yet. */
  unreadOnly?: boolean;
}

function whereIn(inbox: Inbox, filter: InboxFilter): Prisma.NotificationWhereInput {
  return {
    organizationId: inbox.organizationId,
    recipientId: inbox.recipientId,
    ...(filter.inAppOnly ? { inApp: true } : {}),
    OR: [{ expiresAt: null }, { expiresAt: { gt: filter.unexpiredAt } }],
    ...(filter.unreadOnly ? { readAt: null } : {}),
  };
}

export class NotificationRepository {
  constructor(private readonly db: Db) {}

  findByIdsInInbox(inbox: Inbox, ids: readonly string[], filter: InboxFilter): Promise<NotificationRecord[]> {
    return this.db.notification.findMany({ where: { ...whereIn(inbox, filter), id: { in: [...ids] } }, select: notificationSelect });
  }

  findInInbox(inbox: Inbox, id: string, filter: InboxFilter): Promise<NotificationRecord | null> {
    return this.db.notification.findFirst({ where: { ...whereIn(inbox, filter), id }, select: notificationSelect });
  }

  /** Newest first, keyset-paginated on the time-ordered id. */
  listByInbox(inbox: Inbox, filter: InboxFilter, page: { afterId?: string; take: number }): Promise<NotificationRecord[]> {
    return this.db.notification.findMany({
      where: { ...whereIn(inbox, filter), ...(page.afterId ? { id: { lt: page.afterId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
      select: notificationSelect,
    });
  }

  count(inbox: Inbox, filter: InboxFilter): Promise<number> {
    return this.db.notification.count({ where: whereIn(inbox, filter) });
  }

  markRead(id: string, readAt: Date): Promise<NotificationRecord> {
    return this.db.notification.update({ where: { id }, data: { readAt }, select: notificationSelect });
  }

  /** Marks the inbox's notifications the filter selects read; returns how many changed. */
  async markAllRead(inbox: Inbox, filter: InboxFilter, readAt: Date): Promise<number> {
    const { count } = await this.db.notification.updateMany({ where: whereIn(inbox, { ...filter, unreadOnly: true }), data: { readAt } });
    return count;
  }

  /**
   * Inserts the notifications whose (eventId, recipientId) is new and returns only those: a
   * redelivered event, or a concurrent ingestion of the same one, creates nothing.
   */
  createNew(notifications: readonly NewNotification[]): Promise<NotificationRecord[]> {
    return this.db.notification.createManyAndReturn({
      // Payloads passed the event catalog's schema, so they are JSON by construction.
      data: notifications.map((notification) => ({ ...notification, data: notification.data as Prisma.InputJsonValue })),
      skipDuplicates: true,
      select: notificationSelect,
    });
  }

  /** Deletes notifications (and their deliveries) that expired at or before `now`, in every organization. */
  /** Organizations with expired notifications (ids only; see the tenant_rls migration's definer function). */
  async organizationsWithExpired(now: Date): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ organizationId: string }[]>`
      SELECT "organizationId" FROM plaza_organizations_with_expired_notifications(CAST(${now.toISOString()} AS timestamp(3)))`;
    return rows.map((row) => row.organizationId);
  }

  async deleteExpired(organizationId: string, now: Date): Promise<number> {
    const { count } = await this.db.notification.deleteMany({ where: { organizationId, expiresAt: { lte: now } } });
    return count;
  }
}
