import { Event, eventMutations, eventQueries } from './event/event.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';
import { User } from './user/user.resolvers.ts';

export const resolvers: Resolvers = {
  Query: { ...eventQueries },
  Mutation: { ...eventMutations },
  Event,
  User,
};
