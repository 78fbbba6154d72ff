import type { Resolvers } from '@plaza/subgraph-kit';
import type { SchedulingContext } from './context.ts';
import { Event, eventMutations, eventQueries } from './event/event.resolvers.ts';
import { User } from './user/user.resolvers.ts';

export const resolvers = {
  Query: { ...eventQueries },
  Mutation: { ...eventMutations },
  Event,
  User,
} as unknown as Resolvers<SchedulingContext>;
