import type { Viewer } from '@plaza/auth';
import { afterId, idCursor, notFound, requireMember, toConnection, type Connection } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import { NotificationRepository, type Inbox, type NotificationRecord } from './notification.repository.ts';
import type { notificationsArgs } from './notification.validation.ts';

export class NotificationService {
  constructor(
    private readonly deps: {
      prisma: PrismaClient;
      clock?: () => Date;
      /** Told after a change of an inbox's read state (live unread counts). */
      onInboxChanged?: (inbox: Inbox) => Promise<void>;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** Any member, whatever the role, reads only their own notifications of the current organization. */
  private inboxOf(viewer: Viewer): Inbox {
    const member = requireMember(viewer);
    return { organizationId: member.organizationId, recipientId: member.userId };
  }

  async list(viewer: Viewer, args: z.output<typeof notificationsArgs>): Promise<Connection<NotificationRecord>> {
    const inbox = this.inboxOf(viewer);
    const rows = await new NotificationRepository(this.deps.prisma).listByInbox(inbox, this.now(), {
      unreadOnly: args.unreadOnly,
      afterId: afterId(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  unreadCount(viewer: Viewer): Promise<number> {
    return new NotificationRepository(this.deps.prisma).countUnread(this.inboxOf(viewer), this.now());
  }

  /** The viewer's own notifications among `ids`; the rest are simply absent. */
  async findOwnByIds(viewer: Viewer, ids: readonly string[]): Promise<NotificationRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    return new NotificationRepository(this.deps.prisma).findByIdsInInbox(
      { organizationId: viewer.organizationId, recipientId: viewer.userId },
      ids,
      this.now(),
    );
  }

  async markRead(viewer: Viewer, id: string): Promise<NotificationRecord> {
    const inbox = this.inboxOf(viewer);
    const notifications = new NotificationRepository(this.deps.prisma);
    const now = this.now();
    const notification = await notifications.findInInbox(inbox, id, now);
    if (!notification) throw notFound('Notification', id);
    if (notification.readAt) return notification;
    const read = await notifications.markRead(id, now);
    await this.deps.onInboxChanged?.(inbox);
    return read;
  }

  async markAllRead(viewer: Viewer): Promise<number> {
    const inbox = this.inboxOf(viewer);
    const changed = await new NotificationRepository(this.deps.prisma).markAllRead(inbox, this.now());
    if (changed > 0) await this.deps.onInboxChanged?.(inbox);
    return changed;
  }

  /**
   * Deletes every notification expired at `now` (default: the current time), with its
   * deliveries, in all organizations; returns how many went. Run it periodically: expired
   * notifications are hidden from the start, this only reclaims the rows.
   */
  purgeExpired(now: Date = this.now()): Promise<number> {
    return new NotificationRepository(this.deps.prisma).deleteExpired(now);
  }
}
