export { ConfigError, loadConfig, variableNames } from './load.ts';
export {
  dataSettings,
  databaseUrlVariableOf,
  gatewaySettings,
  messagingSettings,
  runtimeSettings,
  keySettings,
  serverSettings,
  subgraphDatabaseSettings,
  subgraphUrlSettings,
  telemetrySettings,
  testSettings,
} from './settings.ts';
export { gatewayProcessSettings, stackProcessSettings, subgraphProcessSettings } from './processes.ts';
export type { GatewayConfig, StackConfig, SubgraphProcessConfig } from './processes.ts';
