import type { Db } from '../db.ts';
import type { NotificationPriority } from '../generated/prisma/enums.ts';
import type { InputJsonValue } from '../generated/prisma/internal/prismaNamespace.ts';

const notificationColumns = {
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
} as const;

export interface NotificationRecord {
  id: string;
  organizationId: string;
  recipientId: string;
  type: string;
  title: string;
  body: string;
  data: unknown;
  priority: NotificationPriority;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  eventId: string | null;
  /** False when the recipient turned the in-app channel off: never listed, only delivered. */
  inApp: boolean;
  expiresAt: Date | null;
  readAt: Date | null;
  createdAt: Date;
}

export interface NewNotification {
  organizationId: string;
  recipientId: string;
  type: string;
  title: string;
  body: string;
  data: InputJsonValue;
  priority: NotificationPriority;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  eventId: string;
  inApp: boolean;
  expiresAt: Date | null;
}

/** A recipient's notifications in one organization: the scope of every query here. */
export interface Inbox {
  organizationId: string;
  recipientId: string;
}

/** What the recipient sees at `now`: shown in the app and not expired. */
function visible(inbox: Inbox, now: Date) {
  return { ...inbox, inApp: true, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

export class NotificationRepository {
  constructor(private readonly db: Db) {}

  findByIdsInInbox(inbox: Inbox, ids: readonly string[], now: Date): Promise<NotificationRecord[]> {
    return this.db.notification.findMany({ where: { ...visible(inbox, now), id: { in: [...ids] } }, select: notificationColumns });
  }

  findInInbox(inbox: Inbox, id: string, now: Date): Promise<NotificationRecord | null> {
    return this.db.notification.findFirst({ where: { ...visible(inbox, now), id }, select: notificationColumns });
  }

  /** Newest first, keyset-paginated on the time-ordered id. */
  listByInbox(inbox: Inbox, now: Date, options: { unreadOnly: boolean; afterId?: string; take: number }): Promise<NotificationRecord[]> {
    return this.db.notification.findMany({
      where: {
        ...visible(inbox, now),
        ...(options.unreadOnly ? { readAt: null } : {}),
        ...(options.afterId ? { id: { lt: options.afterId } } : {}),
      },
      orderBy: { id: 'desc' },
      take: options.take,
      select: notificationColumns,
    });
  }

  countUnread(inbox: Inbox, now: Date): Promise<number> {
    return this.db.notification.count({ where: { ...visible(inbox, now), readAt: null } });
  }

  markRead(id: string, readAt: Date): Promise<NotificationRecord> {
    return this.db.notification.update({ where: { id }, data: { readAt }, select: notificationColumns });
  }

  /** Marks every unread notification of the inbox read; returns how many changed. */
  async markAllRead(inbox: Inbox, readAt: Date): Promise<number> {
    const { count } = await this.db.notification.updateMany({ where: { ...visible(inbox, readAt), readAt: null }, data: { readAt } });
    return count;
  }

  /**
   * Inserts the notifications whose (eventId, recipientId) is new and returns only those: a
   * redelivered event, or a concurrent ingestion of the same one, creates nothing.
   */
  createNew(notifications: NewNotification[]): Promise<NotificationRecord[]> {
    return this.db.notification.createManyAndReturn({ data: notifications, skipDuplicates: true, select: notificationColumns });
  }

  /** Deletes notifications (and their deliveries) expired at `now`, in every organization. */
  async deleteExpired(now: Date): Promise<number> {
    const { count } = await this.db.notification.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
