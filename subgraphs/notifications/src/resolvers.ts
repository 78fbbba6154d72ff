import type { Resolvers } from './generated/graphql.ts';
import { liveSubscriptions } from './live/live.resolvers.ts';
import { Notification, notificationMutations, notificationQueries } from './notification/notification.resolvers.ts';
import { preferenceMutations, preferenceQueries } from './preference/preference.resolvers.ts';
import { NotificationSubject } from './subject/subject.resolvers.ts';
import { templateMutations, templateQueries } from './template/template.resolvers.ts';

export const resolvers: Resolvers = {
  Query: { ...notificationQueries, ...preferenceQueries, ...templateQueries },
  Mutation: { ...notificationMutations, ...preferenceMutations, ...templateMutations },
  Subscription: liveSubscriptions,
  Notification,
  NotificationSubject,
};
