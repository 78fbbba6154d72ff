import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { SchedulingContext } from '../context.ts';

export const User = {
  // Identity decides who may see a user; scheduling only adds fields to the reference.
  __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
  hostedEvents: async (user: { id: string }, args: { first?: number; after?: string }, { services, loaders }: SchedulingContext) => {
    const page = parseInput(connectionArgsSchema, args);
    return services.events.hostedEventsPage(await loaders.hostedEventsByHostId(page).load(user.id), page);
  },
};
