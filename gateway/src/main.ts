import { readFileSync } from 'node:fs';
import { configureLogging } from '@plaza/subgraph-kit';
import { SUPERGRAPH_PATH } from './compose.ts';
import { gatewayOptionsOf, loadGatewayConfig } from './config.ts';
import { startGateway } from './server.ts';

const config = loadGatewayConfig();
configureLogging({ level: config.LOG_LEVEL ?? 'info' });
const gateway = await startGateway({
  ...gatewayOptionsOf(config),
  port: config.PORT ?? 4000,
  host: config.HOST ?? '0.0.0.0',
  // PLAZA_GATEWAY_DEV_COMPOSE=true composes from the running subgraphs instead of the checked-in file.
  supergraphSdl: config.PLAZA_GATEWAY_DEV_COMPOSE ? undefined : readFileSync(SUPERGRAPH_PATH, 'utf8'),
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void gateway.stop().then(() => process.exit(0)));
}
