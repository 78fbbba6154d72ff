import { parseInput } from '@plaza/subgraph-kit';
import type { OccurrenceAttendanceResolvers, QueryResolvers } from '../generated/graphql.ts';
import { reportRangeArgs, utilisationArgs } from './analytics.validation.ts';

export const analyticsQueries: QueryResolvers = {
  resourceUtilisation: async (_, { from, to, resourceIds }, { viewer, services }) => {
    const range = parseInput(reportRangeArgs, { from, to });
    const { resourceIds: ids } = parseInput(utilisationArgs, { resourceIds });
    return { ...range, resources: await services.analytics.resourceUtilisation(viewer, range, ids) };
  },
  attendanceReport: async (_, range, { viewer, services }) => {
    const parsed = parseInput(reportRangeArgs, range);
    return { ...parsed, ...(await services.analytics.attendance(viewer, parsed)) };
  },
  bookingActivity: async (_, range, { viewer, services }) => {
    const parsed = parseInput(reportRangeArgs, range);
    return { ...parsed, ...(await services.analytics.bookingActivity(viewer, parsed)) };
  },
};

export const OccurrenceAttendance: OccurrenceAttendanceResolvers = {
  event: (occurrence, _, { loaders }) => loaders.eventById.load(occurrence.eventId),
};
