import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { NotificationsServices } from './context.ts';
import type { NotificationsRepositories } from './repositories.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders({
  repositories,
  viewer,
  services,
}: {
  repositories: NotificationsRepositories;
  viewer: Viewer;
  services: NotificationsServices;
}) {
  const { deliveries } = repositories;
  return {
    /** The viewer's own notifications in the current organization; null for anyone else's. */
    ownNotificationById: createKeyedLoader(
      (ids: readonly string[]) => services.notifications.findOwnByIds(viewer, ids),
      (notification) => notification.id,
    ),
    /**
     * Deliveries of notifications in the viewer's current organization. Only for notifications
     * the viewer already read through ownNotificationById or a list: it checks no recipient.
     */
    deliveriesByNotificationId: createGroupedLoader(
      (ids: readonly string[]) =>
        viewer.organizationId ? deliveries.findByNotificationIds(viewer.organizationId, ids) : Promise.resolve([]),
      (delivery) => delivery.notificationId,
    ),
  };
}

export type NotificationsLoaders = ReturnType<typeof createLoaders>;
