import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { EventResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { createEventInput, eventWindowArgs } from './event.validation.ts';

export const eventQueries: QueryResolvers = {
  events: (_, { from, to, ...page }, { viewer, services }) =>
    services.events.list(viewer, { ...parseInput(connectionArgsSchema, page), ...parseInput(eventWindowArgs, { from, to }) }),
  event: (_, { id }, { viewer, services, loaders }) =>
    services.events.findVisible(viewer, parseInput(idSchema, id), (eventId) => loaders.eventById.load(eventId)),
};

export const eventMutations: MutationResolvers = {
  createEvent: (_, { input }, { viewer, services }) => services.events.create(viewer, parseInput(createEventInput, input)),
};

export const Event: EventResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.eventById.load(reference.id),
  // Identity resolves the host and decides whether the viewer may see them.
  host: (event) => ({ id: event.hostId }),
};
