import type { NotificationSubjectResolvers } from '../generated/graphql.ts';

export const NotificationSubject: NotificationSubjectResolvers = {
  // Subjects are built with their __typename (Notification.subject): the union member is known.
  __resolveType: (subject) => subject.__typename ?? null,
};
