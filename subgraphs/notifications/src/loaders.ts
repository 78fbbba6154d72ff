import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { NotificationsServices } from './context.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders(viewer: Viewer, services: NotificationsServices) {
  return {
    /** The viewer's own notifications in the current organization; null for anyone else's. */
    ownNotificationById: createKeyedLoader(
      (ids: readonly string[]) => services.notifications.findOwnByIds(viewer, ids),
      (notification) => notification.id,
    ),
    /** Deliveries of notifications the viewer already read through ownNotificationById or a list. */
    deliveriesByNotificationId: createGroupedLoader(
      (ids: readonly string[]) => services.deliveries.findByNotificationIds(viewer, ids),
      (delivery) => delivery.notificationId,
    ),
  };
}

export type NotificationsLoaders = ReturnType<typeof createLoaders>;
