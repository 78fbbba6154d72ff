import { DEMO_PASSWORD, demoUsers } from '@plaza/demo';
import { databaseLocationFromEnv, describeLocation } from '@plaza/db';
import { startStack } from './index.ts';

const startedAt = performance.now();
const stack = await startStack({
  gatewayPort: Number(process.env.PORT ?? 4000),
  seedDemo: process.env.PLAZA_DEMO_DATA !== 'false',
  devCompose: process.env.PLAZA_GATEWAY_DEV_COMPOSE === 'true',
});
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);

const where = Object.entries(stack.subgraphs)
  .map(([name, { server }]) => `  ${name.padEnd(14)} ${server.url.padEnd(34)} ${describeLocation(databaseLocationFromEnv(name))}`)
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
    void stack.stop().then(() => process.exit(0));
  });
}
