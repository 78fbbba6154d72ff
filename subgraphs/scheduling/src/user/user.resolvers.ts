import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { UserResolvers } from '../generated/graphql.ts';

export const User: UserResolvers = {
  // Identity decides who may see a user; scheduling only adds fields to the reference.
  __resolveReference: (reference) => ({ id: reference.id }),
  hostedEvents: async (user, args, { services, loaders }) => {
    const page = parseInput(connectionArgsSchema, args);
    return services.events.hostedEventsPage(await loaders.hostedEventsByHostId.load({ parentId: user.id, ...page }), page);
  },
};
