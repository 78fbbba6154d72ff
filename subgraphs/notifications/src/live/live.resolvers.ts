import type { NotificationsContext } from '../context.ts';
import type { SubscriptionResolvers } from '../generated/graphql.ts';

// `resolve` gets what the live service published, which codegen cannot know: its parameters are typed here.
export const liveSubscriptions: SubscriptionResolvers = {
  notificationAdded: {
    subscribe: (_, __, { viewer, services }) => services.live.added(viewer),
    // Loaded as the subscriber: a notification reaches its recipient only.
    resolve: async (payload: { notificationId: string }, _: unknown, { loaders }: NotificationsContext) => {
      const notification = await loaders.ownNotificationById.load(payload.notificationId);
      if (!notification) throw new Error(`Notification ${payload.notificationId} was announced but is not in the subscriber's inbox`);
      return notification;
    },
  },
  unreadNotificationCountChanged: {
    subscribe: (_, __, { viewer, services }) => services.live.unread(viewer),
    resolve: (payload: { count: number }) => payload.count,
  },
};
