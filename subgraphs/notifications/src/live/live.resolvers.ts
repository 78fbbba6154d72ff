import type { NotificationsContext } from '../context.ts';

export const liveSubscriptions = {
  notificationAdded: {
    subscribe: (_: unknown, __: unknown, { viewer, services }: NotificationsContext) => services.live.added(viewer),
    resolve: (payload: { notificationId: string }, _: unknown, { loaders }: NotificationsContext) =>
      loaders.ownNotificationById.load(payload.notificationId),
  },
  unreadNotificationCountChanged: {
    subscribe: (_: unknown, __: unknown, { viewer, services }: NotificationsContext) => services.live.unread(viewer),
    resolve: (payload: { count: number }) => payload.count,
  },
};
