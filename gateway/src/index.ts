export { CompositionError, composeSupergraph, readRegisteredSubgraphs } from './compose.ts';
export type { SubgraphSdl } from './compose.ts';
export { startGateway } from './server.ts';
export type { GatewayOptions, RunningGateway } from './server.ts';
export { SUBGRAPHS, SUPERGRAPH_PATH, defaultUrlOf, subgraphUrlsFromEnv } from './subgraph-registry.ts';
export type { SubgraphName } from './subgraph-registry.ts';
