export { API_SCHEMA_PATH, CompositionError, SUPERGRAPH_PATH, apiSchemaOf, composeSupergraph, readRegisteredSubgraphs } from './compose.ts';
export type { SubgraphSdl } from './compose.ts';
export { gatewayOptionsOf, loadGatewayConfig, subgraphUrlsOf } from './config.ts';
export { API_KEY_FETCHES, VIEWER_ACCESS_FETCHES, startGateway } from './server.ts';
export { operationLimitsOf } from './operation-limits.ts';
export { createRateLimits, ratePoliciesOf } from './rate-limits.ts';
export type { GatewayOptions, RunningGateway } from './server.ts';
