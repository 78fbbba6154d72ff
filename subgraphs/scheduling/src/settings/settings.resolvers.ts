import { parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { updateCalendarSettingsInput } from './settings.validation.ts';

export const settingsQueries: QueryResolvers = {
  calendarSettings: (_, __, { viewer, services }) => services.calendarSettings.find(viewer),
};

export const settingsMutations: MutationResolvers = {
  updateCalendarSettings: (_, { input }, { viewer, services }) =>
    services.calendarSettings.update(viewer, parseInput(updateCalendarSettingsInput, input)),
};
