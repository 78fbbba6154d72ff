import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import * as httpTransport from '@graphql-mesh/transport-http';
import { ANONYMOUS, VIEWER_HEADER, signViewerAssertion, verifyAccessToken, type Viewer } from '@plaza/auth';
import { SUPERGRAPH_PATH } from '@plaza/gateway';
import { createClient, expectData, startTestStack, type Actor, type GraphQLClient, type TestStack } from '@plaza/testkit';
import { ADD_REACTION, CREATE_COMMENT, CREATE_POST, CREATE_SPACE, HOME_FEED, JOIN_SPACE } from './operations.ts';

const SEQUENTIAL = 400;
const CONCURRENT_REQUESTS = 1_000;
const CONCURRENCY = 16;
const WARMUP = 50;
const POSTS = 20;

export interface GatewayFigures {
  gateway: string;
  p50: number;
  p99: number;
  sequentialPerSecond: number;
  /** CONCURRENCY clients of CONCURRENCY different viewers. */
  concurrentPerSecond: number;
  /** CONCURRENCY clients of one viewer: identical fetches in flight at once may be shared. */
  sameViewerConcurrentPerSecond: number;
}

/**
 * The same home-feed query through Plaza's gateway (Apollo Gateway) and through Hive Gateway
 * over the same running subgraphs and supergraph, one after the other on the same 2 cores.
 * Hive Gateway gets the same contract as ours: it verifies the bearer token and signs the viewer
 * assertion every subgraph demands, so both pay for the same cryptography per fetch.
 */
export async function compareGateways(): Promise<GatewayFigures[]> {
  const stack = await startTestStack();
  let hive: Server | undefined;
  try {
    const owner = await stack.createOrganization({ name: 'Bench' });
    const viewers = await Promise.all(Array.from({ length: CONCURRENCY }, () => stack.addMember(owner, 'MEMBER')));
    await seedFeed(owner, viewers);

    const subgraphUrls = Object.fromEntries(Object.entries(stack.running.subgraphs).map(([name, { server }]) => [name, server.url]));
    hive = await startHiveGateway(subgraphUrls, stack.keys);
    const hiveUrl = `http://127.0.0.1:${(hive.address() as AddressInfo).port}/graphql`;

    const apolloClients: GraphQLClient[] = viewers;
    const hiveClients = viewers.map((viewer) => createClient(hiveUrl, viewer.token));
    const [apolloClient, hiveClient] = [apolloClients[0]!, hiveClients[0]!];
    // Both must give the same answer before their speed means anything.
    const expected = JSON.stringify(expectData(await apolloClient.request(HOME_FEED)));
    const fromHive = JSON.stringify(expectData(await hiveClient.request(HOME_FEED)));
    if (fromHive !== expected)
      throw new Error(`Hive Gateway answered differently:\n${fromHive.slice(0, 500)}\nvs\n${expected.slice(0, 500)}`);

    return [await measure('Apollo Gateway (Plaza)', apolloClients), await measure('Hive Gateway', hiveClients)];
  } finally {
    await new Promise<void>((resolve) => (hive ? hive.close(() => resolve()) : resolve()));
    await stack.stop();
  }
}

async function seedFeed(owner: Actor, viewers: Actor[]) {
  const space = expectData(await owner.request(CREATE_SPACE, { name: 'Bench' })).createSpace;
  for (const viewer of viewers) expectData(await viewer.request(JOIN_SPACE, { id: space.id }));
  const member = viewers[0]!;
  for (let i = 0; i < POSTS; i++) {
    const post = expectData(
      await owner.request(CREATE_POST, {
        input: { spaceId: space.id, title: `Post ${i}`, body: `Body of post ${i}` },
      }),
    ).createPost;
    for (let c = 0; c < 3; c++) {
      expectData(
        await member.request(CREATE_COMMENT, {
          input: { postId: post.id, body: `Comment ${c} on ${i}` },
        }),
      );
    }
    expectData(await member.request(ADD_REACTION, { id: post.id }));
  }
}

/**
 * Hive Gateway over the same subgraphs: it verifies access tokens with identity's public keys and
 * signs viewer assertions with the gateway's keys, the ones the stack's subgraphs trust.
 */
async function startHiveGateway(subgraphUrls: Record<string, string>, keys: TestStack['keys']): Promise<Server> {
  // The checked-in supergraph routes to supergraph.yaml's ports; this stack listens on random ones.
  let supergraph = readFileSync(SUPERGRAPH_PATH, 'utf8');
  supergraph = supergraph.replace(/join__graph\(name: "(\w+)", url: "[^"]*"\)/g, (whole, name: string) =>
    subgraphUrls[name] ? `join__graph(name: "${name}", url: "${subgraphUrls[name]}")` : whole,
  );
  const viewers = new WeakMap<Request, Promise<Viewer>>();
  const viewerOf = (request: Request) => {
    let viewer = viewers.get(request);
    if (!viewer) {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      viewer = token
        ? verifyAccessToken(token, keys.identity.verifier).then(({ expiresAt: _expiresAt, ...rest }): Viewer => rest)
        : Promise.resolve(ANONYMOUS);
      viewers.set(request, viewer);
    }
    return viewer;
  };
  // Hive's logger reads LOG_LEVEL on every request, even with logging off, and rejects pino's
  // "silent"; "error" means the same to both here (neither logs while the bench runs cleanly).
  if (process.env.LOG_LEVEL === 'silent') process.env.LOG_LEVEL = 'error';
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    maskedErrors: false,
    // The Hive CLI bundles its transports; the runtime is told which one the subgraphs speak.
    transports: { http: httpTransport },
    graphqlEndpoint: '/graphql',
    propagateHeaders: {
      fromClientToSubgraphs: async ({ request }) => ({
        [VIEWER_HEADER]: await signViewerAssertion(await viewerOf(request), keys.gateway),
      }),
    },
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return server;
}

async function measure(gateway: string, clients: GraphQLClient[]): Promise<GatewayFigures> {
  const request = async (client = clients[0]!) => {
    const response = await client.request(HOME_FEED);
    if (response.errors) throw new Error(`${gateway}: ${JSON.stringify(response.errors)}`);
  };
  for (let i = 0; i < WARMUP; i++) await request();

  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    await request();
    durations.push(performance.now() - t);
  }
  const sequentialPerSecond = (SEQUENTIAL / (performance.now() - started)) * 1000;
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;

  const concurrentPerSecond = await throughput((worker) => request(clients[worker % clients.length]));
  const sameViewerConcurrentPerSecond = await throughput(() => request());
  return { gateway, p50: at(0.5), p99: at(0.99), sequentialPerSecond, concurrentPerSecond, sameViewerConcurrentPerSecond };
}

/** Requests per second of CONCURRENCY workers sharing CONCURRENT_REQUESTS requests. */
async function throughput(request: (worker: number) => Promise<void>): Promise<number> {
  let remaining = CONCURRENT_REQUESTS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (remaining-- > 0) await request(worker);
    }),
  );
  return (CONCURRENT_REQUESTS / (performance.now() - started)) * 1000;
}

export const GATEWAY_COMPARISON = { SEQUENTIAL, CONCURRENT_REQUESTS, CONCURRENCY, POSTS };
