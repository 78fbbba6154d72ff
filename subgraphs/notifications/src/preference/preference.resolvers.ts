import { parseInput } from '@plaza/subgraph-kit';
import type { NotificationsContext } from '../context.ts';
import { settingsArgs } from './preference.validation.ts';

export const preferenceQueries = {
  notificationPreferences: (_: unknown, __: unknown, { viewer, services }: NotificationsContext) => services.preferences.listOwn(viewer),
  notificationDefaults: (_: unknown, __: unknown, { viewer, services }: NotificationsContext) => services.preferences.listDefaults(viewer),
};

export const preferenceMutations = {
  updateNotificationPreferences: (_: unknown, args: unknown, { viewer, services }: NotificationsContext) =>
    services.preferences.updateOwn(viewer, parseInput(settingsArgs, args)),
  updateNotificationDefaults: (_: unknown, args: unknown, { viewer, services }: NotificationsContext) =>
    services.preferences.updateDefaults(viewer, parseInput(settingsArgs, args)),
};
