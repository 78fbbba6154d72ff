import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers, RsvpResolvers } from '../generated/graphql.ts';
import { recordAttendanceArgs, rsvpArgs, rsvpListArgs } from './rsvp.validation.ts';

export const rsvpQueries: QueryResolvers = {
  rsvps: (_, { eventId, occurrenceStartsAt, response, waitlisted, ...page }, { viewer, services }) =>
    services.rsvps.list(viewer, {
      ...parseInput(connectionArgsSchema, page),
      ...parseInput(rsvpListArgs, { eventId, occurrenceStartsAt, response, waitlisted }),
    }),
};

export const rsvpMutations: MutationResolvers = {
  rsvp: (_, args, { viewer, services }) => services.rsvps.respond(viewer, parseInput(rsvpArgs, args)),
  recordAttendance: (_, args, { viewer, services }) => services.rsvps.recordAttendance(viewer, parseInput(recordAttendanceArgs, args)),
};

export const Rsvp: RsvpResolvers = {
  event: (rsvp, _, { loaders }) => loaders.eventById.load(rsvp.eventId),
  // Identity resolves the member and decides whether the viewer may see them.
  user: (rsvp) => ({ id: rsvp.userId }),
};
