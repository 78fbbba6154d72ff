import type { Viewer } from '@plaza/auth';
import { afterId, idCursor, notFound, requireMember, toConnection, type Connection, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { NotificationsRepositories } from '../repositories.ts';
import { JOB_SCOPE, organizationScope } from '../tenant-scopes.ts';
import type { Inbox, InboxFilter, NotificationRecord } from './notification.repository.ts';
import type { notificationsArgs } from './notification.validation.ts';

/**
 * What a recipient sees at `now`: notifications shown in the app (the in-app channel was on)
 * that have not expired. The others exist only for their deliveries, or wait to be purged.
 */
export const visibleAt = (now: Date): InboxFilter => ({ inAppOnly: true, unexpiredAt: now });

export class NotificationService {
  constructor(
    private readonly deps: {
      data: DataAccess<NotificationsRepositories>;
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
    const rows = await this.deps.data
      .repositories(viewer)
      .notifications.listByInbox(
        inbox,
        { ...visibleAt(this.now()), unreadOnly: args.unreadOnly },
        { afterId: afterId(args), take: args.first + 1 },
      );
    return toConnection(rows, args.first, idCursor);
  }

  unreadCount(viewer: Viewer): Promise<number> {
    return this.deps.data.repositories(viewer).notifications.count(this.inboxOf(viewer), { ...visibleAt(this.now()), unreadOnly: true });
  }

  /** The viewer's own notifications among `ids`; the rest are simply absent. */
  async findOwnByIds(viewer: Viewer, ids: readonly string[]): Promise<NotificationRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    const inbox = { organizationId: viewer.organizationId, recipientId: viewer.userId };
    return this.deps.data.repositories(viewer).notifications.findByIdsInInbox(inbox, ids, visibleAt(this.now()));
  }

  async markRead(viewer: Viewer, id: string): Promise<NotificationRecord> {
    const inbox = this.inboxOf(viewer);
    const { notifications } = this.deps.data.repositories(viewer);
    const now = this.now();
    const notification = await notifications.findInInbox(inbox, id, visibleAt(now));
    if (!notification) throw notFound('Notification', id);
    if (notification.readAt) return notification;
    const read = await notifications.markRead(id, now);
    await this.deps.onInboxChanged?.(inbox);
    return read;
  }

  /** Marks every unread notification the viewer sees in the current organization read; returns how many changed. */
  async markAllRead(viewer: Viewer): Promise<number> {
    const inbox = this.inboxOf(viewer);
    const now = this.now();
    const changed = await this.deps.data.repositories(viewer).notifications.markAllRead(inbox, visibleAt(now), now);
    if (changed > 0) await this.deps.onInboxChanged?.(inbox);
    return changed;
  }

  /**
   * Deletes every notification expired at `now` (default: the current time), with its
   * deliveries, in all organizations; returns how many went. Run it periodically: expired
   * notifications are hidden from the start, this only reclaims the rows.
   */
  async purgeExpired(now: Date = this.now()): Promise<number> {
    let purged = 0;
    for (const organizationId of await this.deps.data.repositories(JOB_SCOPE).notifications.organizationsWithExpired(now)) {
      purged += await this.deps.data.repositories(organizationScope(organizationId)).notifications.deleteExpired(organizationId, now);
    }
    return purged;
  }
}
