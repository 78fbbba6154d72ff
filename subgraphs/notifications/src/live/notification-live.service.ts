import type { Viewer } from '@plaza/auth';
import type { LivePubSub } from '@plaza/events';
import { requireMember } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import { NotificationRepository, type Inbox, type NotificationRecord } from '../notification/notification.repository.ts';

const inboxKey = (inbox: Inbox) => `${inbox.organizationId}:${inbox.recipientId}`;

/**
 * Tells subscribers about their inbox. Publishing goes through the live pub/sub, so the
 * notifications instance that ingested an event reaches subscribers connected to any other.
 */
export class NotificationLiveService {
  constructor(private readonly deps: { prisma: PrismaClient; live: LivePubSub; clock?: () => Date }) {}

  /** After ingest committed: each new notification, then each touched inbox's unread count. */
  async announce(created: readonly NotificationRecord[]): Promise<void> {
    const inboxes = new Map<string, Inbox>();
    for (const notification of created) {
      const inbox = { organizationId: notification.organizationId, recipientId: notification.recipientId };
      this.deps.live.pubsub.publish('notification.added', inboxKey(inbox), { notificationId: notification.id });
      inboxes.set(inboxKey(inbox), inbox);
    }
    await Promise.all([...inboxes.values()].map((inbox) => this.unreadChanged(inbox)));
  }

  async unreadChanged(inbox: Inbox): Promise<void> {
    const count = await new NotificationRepository(this.deps.prisma).countUnread(inbox, this.deps.clock?.() ?? new Date());
    this.deps.live.pubsub.publish('notification.unread', inboxKey(inbox), { count });
  }

  /** The viewer's own inbox only: the routing key is built from the verified viewer. */
  added(viewer: Viewer) {
    const member = requireMember(viewer);
    return this.deps.live.pubsub.subscribe('notification.added', inboxKey({ organizationId: member.organizationId, recipientId: member.userId }));
  }

  unread(viewer: Viewer) {
    const member = requireMember(viewer);
    return this.deps.live.pubsub.subscribe('notification.unread', inboxKey({ organizationId: member.organizationId, recipientId: member.userId }));
  }
}
