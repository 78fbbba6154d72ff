import { z } from 'zod';
import {
  dataSettings,
  gatewaySettings,
  messagingSettings,
  runtimeSettings,
  keySettings,
  serverSettings,
  subgraphDatabaseSettings,
  subgraphUrlSettings,
  telemetrySettings,
} from './settings.ts';

/** What the gateway process reads. */
export const gatewayProcessSettings = () =>
  z.object({
    ...serverSettings.shape,
    ...runtimeSettings.shape,
    ...keySettings.pick({ PLAZA_GATEWAY_SIGNING_KEYS: true, PLAZA_JWKS_URL: true }).shape,
    ...dataSettings.pick({ PLAZA_DATA_DIR: true }).shape,
    ...messagingSettings.shape,
    ...gatewaySettings.shape,
    ...telemetrySettings.shape,
    ...subgraphUrlSettings().shape,
  });
export type GatewayConfig = z.output<ReturnType<typeof gatewayProcessSettings>>;

/** What one subgraph run as its own process reads: the shared groups plus the subgraph's own settings. */
export const subgraphProcessSettings = <Own extends z.ZodObject>(own: Own) =>
  z.object({
    ...serverSettings.shape,
    ...runtimeSettings.shape,
    ...keySettings.pick({ PLAZA_GATEWAY_PUBLIC_KEYS: true }).shape,
    ...dataSettings.shape,
    ...subgraphDatabaseSettings().shape,
    ...messagingSettings.shape,
    ...telemetrySettings.shape,
    ...own.shape,
  });
export type SubgraphProcessConfig = z.output<ReturnType<typeof subgraphProcessSettings<z.ZodObject>>>;

/**
 * What the one-process stack reads: everything the gateway and a subgraph read. Each subgraph
 * also parses its own settings (from the same environment) as it starts, before serving.
 */
export const stackProcessSettings = () =>
  z.object({
    ...gatewayProcessSettings().shape,
    ...subgraphProcessSettings(z.object({})).shape,
  });
export type StackConfig = z.output<ReturnType<typeof stackProcessSettings>>;
