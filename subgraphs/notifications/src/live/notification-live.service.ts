import type { Viewer } from '@plaza/auth';
import type { LivePubSub } from '@plaza/events';
import { requireMember, type DataAccess } from '@plaza/subgraph-kit';
import type { Inbox, NotificationRecord } from '../notification/notification.repository.ts';
import { visibleAt } from '../notification/notification.service.ts';
import type { NotificationsRepositories } from '../repositories.ts';
import { inboxScope } from '../tenant-scopes.ts';

const inboxKey = (inbox: Inbox) => `${inbox.organizationId}:${inbox.recipientId}`;

/**
 * Tells subscribers about their inbox. Publishing goes through the live pub/sub, so the
 * notifications instance that ingested an event reaches subscribers connected to any other.
 */
export class NotificationLiveService {
  constructor(private readonly deps: { data: DataAccess<NotificationsRepositories>; live: LivePubSub; clock?: () => Date }) {}

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
    const now = this.deps.clock?.() ?? new Date();
    const count = await this.deps.data.repositories(inboxScope(inbox)).notifications.count(inbox, { ...visibleAt(now), unreadOnly: true });
    this.deps.live.pubsub.publish('notification.unread', inboxKey(inbox), { count });
  }

  /** The viewer's own inbox only: the routing key is built from the verified viewer. */
  added(viewer: Viewer) {
    const member = requireMember(viewer);
    return this.deps.live.pubsub.subscribe(
      'notification.added',
      inboxKey({ organizationId: member.organizationId, recipientId: member.userId }),
    );
  }

  unread(viewer: Viewer) {
    const member = requireMember(viewer);
    return this.deps.live.pubsub.subscribe(
      'notification.unread',
      inboxKey({ organizationId: member.organizationId, recipientId: member.userId }),
    );
  }
}
