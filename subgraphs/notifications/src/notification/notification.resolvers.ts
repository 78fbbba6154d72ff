import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, NotificationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { isSubjectType } from './notification-types.ts';
import { notificationsArgs } from './notification.validation.ts';

export const notificationQueries: QueryResolvers = {
  notifications: (_, args, { viewer, services }) => services.notifications.list(viewer, parseInput(notificationsArgs, args)),
  unreadNotificationCount: (_, __, { viewer, services }) => services.notifications.unreadCount(viewer),
};

export const notificationMutations: MutationResolvers = {
  markNotificationRead: (_, { id }, { viewer, services }) => services.notifications.markRead(viewer, parseInput(idSchema, id)),
  markAllNotificationsRead: (_, __, { viewer, services }) => services.notifications.markAllRead(viewer),
};

export const Notification: NotificationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.ownNotificationById.load(reference.id),
  read: (notification) => notification.readAt !== null,
  recipient: (notification) => ({ id: notification.recipientId }),
  actor: (notification) => (notification.actorId ? { id: notification.actorId } : null),
  // A federation reference, completed by the subgraph that owns the subject.
  subject: ({ subjectType, subjectId }) =>
    subjectType && subjectId && isSubjectType(subjectType) ? { __typename: subjectType, id: subjectId } : null,
  deliveries: (notification, _, { loaders }) => loaders.deliveriesByNotificationId.load(notification.id),
};
