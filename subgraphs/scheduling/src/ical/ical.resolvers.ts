import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers } from '../generated/graphql.ts';
import { importCalendarArgs } from './ical.validation.ts';

export const icalMutations: MutationResolvers = {
  issueCalendarFeed: (_, { calendarId }, { viewer, services }) => services.ical.issueFeed(viewer, parseInput(idSchema, calendarId)),
  revokeCalendarFeed: (_, { calendarId }, { viewer, services }) => services.ical.revokeFeed(viewer, parseInput(idSchema, calendarId)),
  importCalendarEvents: (_, args, { viewer, services }) => services.ical.import(viewer, parseInput(importCalendarArgs, args)),
};
