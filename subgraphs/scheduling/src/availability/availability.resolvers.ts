import { parseInput } from '@plaza/subgraph-kit';
import type { QueryResolvers } from '../generated/graphql.ts';
import { availabilityArgs } from './availability.validation.ts';

export const availabilityQueries: QueryResolvers = {
  resourceAvailability: (_, { resourceId, ...window }, { viewer, services }) =>
    services.availability.forResource(viewer, parseInput(availabilityArgs, { id: resourceId, ...window })),
  userAvailability: (_, { userId, ...window }, { viewer, services }) =>
    services.availability.forUser(viewer, parseInput(availabilityArgs, { id: userId, ...window })),
};
