import type { Resolvers } from '@plaza/subgraph-kit';
import type { NotificationsContext } from './context.ts';
import { Notification, notificationMutations, notificationQueries } from './notification/notification.resolvers.ts';
import { preferenceMutations, preferenceQueries } from './preference/preference.resolvers.ts';
import { liveSubscriptions } from './live/live.resolvers.ts';
import { NotificationSubject } from './subject/subject.resolvers.ts';
import { templateMutations, templateQueries } from './template/template.resolvers.ts';

export const resolvers = {
  Query: { ...notificationQueries, ...preferenceQueries, ...templateQueries },
  Mutation: { ...notificationMutations, ...preferenceMutations, ...templateMutations },
  Subscription: liveSubscriptions,
  Notification,
  NotificationSubject,
} as unknown as Resolvers<NotificationsContext>;
