import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { NotificationsContext } from '../context.ts';
import type { SubjectReference } from '../subject/subject.resolvers.ts';
import type { NotificationRecord } from './notification.repository.ts';
import { notificationsArgs } from './notification.validation.ts';

export const notificationQueries = {
  notifications: (_: unknown, args: unknown, { viewer, services }: NotificationsContext) =>
    services.notifications.list(viewer, parseInput(notificationsArgs, args)),
  unreadNotificationCount: (_: unknown, __: unknown, { viewer, services }: NotificationsContext) =>
    services.notifications.unreadCount(viewer),
};

export const notificationMutations = {
  markNotificationRead: (_: unknown, args: { id: string }, { viewer, services }: NotificationsContext) =>
    services.notifications.markRead(viewer, parseInput(idSchema, args.id)),
  markAllNotificationsRead: (_: unknown, __: unknown, { viewer, services }: NotificationsContext) =>
    services.notifications.markAllRead(viewer),
};

export const Notification = {
  __resolveReference: (reference: { id: string }, { loaders }: NotificationsContext) =>
    loaders.ownNotificationById.load(reference.id),
  read: (notification: NotificationRecord) => notification.readAt !== null,
  recipient: (notification: NotificationRecord) => ({ id: notification.recipientId }),
  actor: (notification: NotificationRecord) => (notification.actorId ? { id: notification.actorId } : null),
  subject: (notification: NotificationRecord): SubjectReference | null =>
    notification.subjectType && notification.subjectId ? { __typename: notification.subjectType, id: notification.subjectId } : null,
  deliveries: (notification: NotificationRecord, _: unknown, { loaders }: NotificationsContext) =>
    loaders.deliveriesByNotificationId.load(notification.id),
};
