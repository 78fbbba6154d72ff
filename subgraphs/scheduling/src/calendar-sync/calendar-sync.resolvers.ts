import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { ExternalCalendarConnectionResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import {
  busyWindowArgs,
  connectExternalCalendarInput,
  connectionFilterArgs,
  updateExternalCalendarInput,
} from './calendar-sync.validation.ts';

export const calendarSyncQueries: QueryResolvers = {
  externalCalendarConnections: (_, filter, { viewer, services }) =>
    services.calendarSync.list(viewer, parseInput(connectionFilterArgs, filter)),
  externalCalendarConnection: (_, { id }, { viewer, services }) => services.calendarSync.findVisible(viewer, parseInput(idSchema, id)),
};

export const calendarSyncMutations: MutationResolvers = {
  connectExternalCalendar: (_, { input }, { viewer, services }) =>
    services.calendarSync.connect(viewer, parseInput(connectExternalCalendarInput, input)),
  updateExternalCalendarConnection: (_, { id, input }, { viewer, services }) =>
    services.calendarSync.update(viewer, parseInput(idSchema, id), parseInput(updateExternalCalendarInput, input)),
  setExternalCalendarSyncEnabled: (_, { id, enabled }, { viewer, services }) =>
    services.calendarSync.setEnabled(viewer, parseInput(idSchema, id), enabled),
  deleteExternalCalendarConnection: (_, { id }, { viewer, services }) => services.calendarSync.delete(viewer, parseInput(idSchema, id)),
  syncExternalCalendarConnection: (_, { id }, { viewer, services }) => services.calendarSync.syncNow(viewer, parseInput(idSchema, id)),
};

export const ExternalCalendarConnection: ExternalCalendarConnectionResolvers = {
  feedHost: (connection, _, { services }) => services.calendarSync.feedHostOf(connection),
  hasAccessToken: (connection) => connection.accessTokenEncrypted !== null,
  hasRefreshToken: (connection) => connection.refreshTokenEncrypted !== null,
  hasWebhookSecret: (connection) => connection.webhookSecretEncrypted !== null,
  events: (connection, window, { loaders }) =>
    loaders.externalEventsByConnectionId.load({ parentId: connection.id, ...parseInput(busyWindowArgs, window) }),
};
