import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { SchedulingContext } from '../context.ts';
import type { EventRecord } from './event.repository.ts';
import { createEventInput, eventWindowArgs } from './event.validation.ts';

export const eventQueries = {
  events: (_: unknown, args: { from?: Date; to?: Date; first?: number; after?: string }, { viewer, services }: SchedulingContext) =>
    services.events.list(viewer, { ...parseInput(connectionArgsSchema, args), ...parseInput(eventWindowArgs, args) }),
  event: (_: unknown, args: { id: string }, { viewer, services, loaders }: SchedulingContext) =>
    services.events.findVisible(viewer, parseInput(idSchema, args.id), (id) => loaders.eventById.load(id)),
};

export const eventMutations = {
  createEvent: (_: unknown, args: { input: unknown }, { viewer, services }: SchedulingContext) =>
    services.events.create(viewer, parseInput(createEventInput, args.input)),
};

export const Event = {
  __resolveReference: (reference: { id: string }, { loaders }: SchedulingContext) => loaders.eventById.load(reference.id),
  // Identity resolves the host and decides whether the viewer may see them.
  host: (event: EventRecord) => ({ __typename: 'User', id: event.hostId }),
};
