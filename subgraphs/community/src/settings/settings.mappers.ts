export type { CommunitySettingsRecord as CommunitySettingsMapper } from './settings.repository.ts';
