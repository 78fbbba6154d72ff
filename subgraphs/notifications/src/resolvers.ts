import type { Resolvers } from './generated/graphql.ts';
import { liveSubscriptions } from './live/live.resolvers.ts';
import { Notification, notificationMutations, notificationQueries } from './notification/notification.resolvers.ts';
import { preferenceMutations, preferenceQueries } from './preference/preference.resolvers.ts';
import { pushMutations, pushQueries } from './push/push.resolvers.ts';
import { NotificationSubject } from './subject/subject.resolvers.ts';
import { templateMutations, templateQueries } from './template/template.resolvers.ts';

export const resolvers: Resolvers = {
  Query: { ...notificationQueries, ...preferenceQueries, ...templateQueries, ...pushQueries },
  Mutation: { ...notificationMutations, ...preferenceMutations, ...templateMutations, ...pushMutations },
  Subscription: liveSubscriptions,
  Notification,
  NotificationSubject,
};
