import { loadConfig, stackProcessSettings } from '@plaza/config';
import { databaseLocationOf, describeLocation } from '@plaza/db';
import { DEMO_PASSWORD, demoUsers } from '@plaza/demo';
import { createEventBus, createLivePubSub } from '@plaza/events';
import { gatewayOptionsOf } from '@plaza/gateway';
import { configureLogging } from '@plaza/subgraph-kit';
import { consumerGroupsOf } from '@plaza/topology';
import { loadSubgraphModules, startStack } from './index.ts';

// The README's start command: every subgraph and the gateway in this one process.
const startedAt = performance.now();
const modules = await loadSubgraphModules();
const config = loadConfig(stackProcessSettings());
configureLogging({ level: config.LOG_LEVEL ?? 'info' });
const bus = createEventBus(config, consumerGroupsOf(modules.map(({ entry }) => entry)));
const live = await createLivePubSub({
  kind: config.PLAZA_PUBSUB,
  redisUrl: config.REDIS_URL,
  natsUrl: config.NATS_URL,
  namespace: config.PLAZA_LIVE_PREFIX,
});
const gatewayOptions = gatewayOptionsOf(config);
const stack = await startStack({
  gatewayPort: config.PORT ?? 4000,
  locationOf: (entry) => databaseLocationOf(entry.name, config),
  bus,
  live,
  gatewayKeys: gatewayOptions.assertionKeys,
  poolSize: config.DATABASE_POOL_MAX,
  seedDemo: config.PLAZA_DEMO_DATA,
  devCompose: config.PLAZA_GATEWAY_DEV_COMPOSE,
  gateway: gatewayOptions,
});
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);

const where = Object.entries(stack.subgraphs)
  .map(([name, { server }]) => `  ${name.padEnd(14)} ${server.url.padEnd(34)} ${describeLocation(databaseLocationOf(name, config))}`)
  .join('\n');
console.log(`
Plaza is ready in ${seconds}s.

  GraphQL endpoint and playground:  ${stack.gateway.url}
  Demo sign-in:                     ${demoUsers.owner.email} / ${DEMO_PASSWORD}

Subgraphs and their databases:
${where}
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stack
      .stop()
      .then(() => Promise.all([bus.close(), live.close()]))
      .then(() => process.exit(0));
  });
}
