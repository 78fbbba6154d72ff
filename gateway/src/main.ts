import { readFileSync } from 'node:fs';
import { startGateway } from './server.ts';
import { SUPERGRAPH_PATH } from './subgraph-registry.ts';

// PLAZA_GATEWAY_DEV_COMPOSE=true composes from the running subgraphs instead of the checked-in file.
const devCompose = process.env.PLAZA_GATEWAY_DEV_COMPOSE === 'true';
const gateway = await startGateway({
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST ?? '0.0.0.0',
  supergraphSdl: devCompose ? undefined : readFileSync(SUPERGRAPH_PATH, 'utf8'),
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void gateway.stop().then(() => process.exit(0)));
}
