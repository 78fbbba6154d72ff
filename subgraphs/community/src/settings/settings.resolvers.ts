import { parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { updateCommunitySettingsInput } from './settings.validation.ts';

export const settingsQueries: QueryResolvers = {
  communitySettings: (_, __, { viewer, services }) => services.settings.find(viewer),
};

export const settingsMutations: MutationResolvers = {
  updateCommunitySettings: (_, { input }, { viewer, services }) =>
    services.settings.update(viewer, parseInput(updateCommunitySettingsInput, input)),
};
