import { parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { settingsArgs } from './preference.validation.ts';

export const preferenceQueries: QueryResolvers = {
  notificationPreferences: (_, __, { viewer, services }) => services.preferences.listOwn(viewer),
  notificationDefaults: (_, __, { viewer, services }) => services.preferences.listDefaults(viewer),
};

export const preferenceMutations: MutationResolvers = {
  updateNotificationPreferences: (_, args, { viewer, services }) => services.preferences.updateOwn(viewer, parseInput(settingsArgs, args)),
  updateNotificationDefaults: (_, args, { viewer, services }) =>
    services.preferences.updateDefaults(viewer, parseInput(settingsArgs, args)),
};
