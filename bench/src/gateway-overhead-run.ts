import { createClient, expectData, startTestStack, type GraphQLClient } from '@plaza/testkit';
import { CREATE_POST, CREATE_SPACE, HOME_FEED, MY_ORGANIZATIONS, TYPENAME } from './operations.ts';

// One process of the overhead benchmark (gateway-overhead.ts starts it, with or without the
// tracing preload): a stack of identity and community, then gateways with the limits and metrics
// on and off, measured in alternating rounds over the same query mix. Prints one JSON line.

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 40);
const modes = (process.env.BENCH_MODES ?? 'baseline,limits+metrics').split(',');

const stack = await startTestStack({ only: ['identity', 'community'] });
// Replicas are the caller's to stop (the stack stops only its own gateway); one left running keeps
// this process alive after its result, and the parent waits for it to exit.
const replicas: { stop(): Promise<void> }[] = [];
try {
  const owner = await stack.createOrganization({ name: 'Bench' });
  const space = expectData(await owner.request(CREATE_SPACE, { name: 'Bench' })).createSpace;
  for (let i = 0; i < 20; i++)
    expectData(await owner.request(CREATE_POST, { input: { spaceId: space.id, title: `Post ${i}`, body: 'Body' } }));
  const clients: Record<string, GraphQLClient> = {};
  for (const mode of modes) {
    const gateway = await stack.running.startGatewayReplica({}, { overheadBaseline: mode === 'baseline' });
    replicas.push(gateway);
    clients[mode] = createClient(gateway.url, owner.token);
  }
  const mix = [
    async (client: GraphQLClient) => expectData(await client.request(MY_ORGANIZATIONS)),
    async (client: GraphQLClient) => expectData(await client.request(HOME_FEED)),
    async (client: GraphQLClient) => expectData(await client.request(TYPENAME)),
  ];
  const durations: Record<string, number[]> = Object.fromEntries(modes.map((mode) => [mode, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const mode of round % 2 ? modes : [...modes].reverse()) {
      for (let i = 0; i < PER_ROUND; i++) {
        const started = performance.now();
        await mix[i % mix.length]!(clients[mode]!);
        // Round 0 warms every gateway up and is not counted.
        if (round > 0) durations[mode]!.push(performance.now() - started);
      }
    }
  }
  const figures = Object.fromEntries(
    Object.entries(durations).map(([mode, values]) => {
      values.sort((a, b) => a - b);
      const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
      return [mode, { requests: values.length, p50: at(0.5), p99: at(0.99) }];
    }),
  );
  console.log(`BENCH_RESULT ${JSON.stringify(figures)}`);
} finally {
  for (const replica of replicas) await replica.stop();
  await stack.stop();
}
