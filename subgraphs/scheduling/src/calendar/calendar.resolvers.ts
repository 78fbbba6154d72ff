import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CalendarResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { calendarFilterArgs, createCalendarInput, updateCalendarInput } from './calendar.validation.ts';

export const calendarQueries: QueryResolvers = {
  calendars: (_, { ownerType, ownerId, ...page }, { viewer, services }) =>
    services.calendars.list(viewer, {
      ...parseInput(connectionArgsSchema, page),
      ...parseInput(calendarFilterArgs, { ownerType, ownerId }),
    }),
  calendar: (_, { id }, { viewer, services, loaders }) =>
    services.calendars.findVisible(viewer, parseInput(idSchema, id), (calendarId) => loaders.calendarById.load(calendarId)),
};

export const calendarMutations: MutationResolvers = {
  createCalendar: (_, { input }, { viewer, services }) => services.calendars.create(viewer, parseInput(createCalendarInput, input)),
  updateCalendar: (_, { id, input }, { viewer, services }) =>
    services.calendars.update(viewer, parseInput(idSchema, id), parseInput(updateCalendarInput, input)),
};

export const Calendar: CalendarResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.calendarById.load(reference.id),
  // Identity resolves the member and decides whether the viewer may see them.
  owner: (calendar) => (calendar.ownerType === 'USER' && calendar.ownerId ? { id: calendar.ownerId } : null),
  feedActive: (calendar) => calendar.feedTokenHash !== null,
};
