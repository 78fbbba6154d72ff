import { parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import { updateCommunitySettingsInput } from './settings.validation.ts';

export const settingsQueries = {
  communitySettings: (_: unknown, __: unknown, { viewer, services }: CommunityContext) => services.settings.find(viewer),
};

export const settingsMutations = {
  updateCommunitySettings: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.settings.update(viewer, parseInput(updateCommunitySettingsInput, args.input)),
};
