import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import { attendeeArgs } from '../rsvp/rsvp.validation.ts';
import type { EventResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { createEventInput, eventWindowArgs, occurrenceScopeArgs, occurrenceWindowArgs, updateEventInput } from './event.validation.ts';

export const eventQueries: QueryResolvers = {
  events: (_, { from, to, ...page }, { viewer, services }) =>
    services.events.list(viewer, { ...parseInput(connectionArgsSchema, page), ...parseInput(eventWindowArgs, { from, to }) }),
  event: (_, { id }, { viewer, services, loaders }) =>
    services.events.findVisible(viewer, parseInput(idSchema, id), (eventId) => loaders.eventById.load(eventId)),
  eventOccurrences: (_, window, { viewer, services }) => services.events.occurrences(viewer, parseInput(occurrenceWindowArgs, window)),
};

export const eventMutations: MutationResolvers = {
  createEvent: (_, { input }, { viewer, services }) => services.events.create(viewer, parseInput(createEventInput, input)),
  updateEvent: (_, { id, input, scope, occurrenceStartsAt }, { viewer, services }) =>
    services.events.update(
      viewer,
      parseInput(idSchema, id),
      parseInput(updateEventInput, input),
      parseInput(occurrenceScopeArgs, { scope, occurrenceStartsAt }),
    ),
  cancelEvent: (_, { id, scope, occurrenceStartsAt }, { viewer, services }) =>
    services.events.cancel(viewer, parseInput(idSchema, id), parseInput(occurrenceScopeArgs, { scope, occurrenceStartsAt })),
};

export const Event: EventResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.eventById.load(reference.id),
  // Identity resolves the host and decides whether the viewer may see them.
  host: (event) => ({ id: event.hostId }),
  recurrence: (event) => event.recurrenceRule,
  calendar: (event, _, { loaders }) => (event.calendarId ? loaders.calendarById.load(event.calendarId) : null),
  splitFrom: (event, _, { loaders }) => (event.splitFromId ? loaders.eventById.load(event.splitFromId) : null),
  // Commerce resolves the product; scheduling only knows its id.
  product: (event) => (event.productId ? { id: event.productId } : null),
  attendees: async (event, { response, occurrenceStartsAt, ...args }, { services, loaders }) => {
    const page = { ...parseInput(connectionArgsSchema, args), ...parseInput(attendeeArgs, { response, occurrenceStartsAt }) };
    return services.rsvps.attendeesPage(await loaders.attendeesByEventId.load({ parentId: event.id, ...page }), page);
  },
};
