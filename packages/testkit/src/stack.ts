import { VIEWER_HEADER, generateSigningKey, signViewerAssertion, signingKeysOf, type SigningKeys, type Viewer } from '@plaza/auth';
import { createTestDatabase, type TestDatabase } from '@plaza/db';
import {
  MemoryEventBus,
  NatsEventBus,
  RedisEventBus,
  createLivePubSub,
  readOutboxEvents,
  type DomainEvent,
  type EventBus,
  type OutboxClient,
  type OutboxEventFilter,
} from '@plaza/events';
import { createRateLimits } from '@plaza/gateway';
import { loadSubgraphModules, startStack, type RunningStack } from '@plaza/stack';
import { consumerGroupsOf } from '@plaza/topology';
import { actorHelpers, unique, type ActorHelpers } from './actors.ts';
import { createClient, type GraphQLClient } from './client.ts';
import { testConfig } from './test-config.ts';

export interface TestStack extends ActorHelpers {
  url: string;
  /** This stack's keys (made for it, never shared): identity's for access tokens, the gateway's for viewer assertions. */
  keys: { identity: SigningKeys; gateway: SigningKeys };
  /** Headers that let a request reach a subgraph directly, as the gateway would send it for `viewer`. */
  subgraphHeadersFor(viewer: Viewer): Promise<Record<string, string>>;
  running: RunningStack;
  anonymous: GraphQLClient;
  client(token?: string): GraphQLClient;
  /**
   * The Prisma client of one subgraph, for a subgraph's own tests to assert on its rows (or to
   * write rows no public mutation creates). Type it with that subgraph's client.
   */
  prisma<Client>(subgraph: string): Client;
  /** Waits until every domain event recorded so far reached every running consumer group. */
  eventsSettled(): Promise<void>;
  /** Events in a subgraph's outbox, oldest first, as the relay publishes them: for assertions and replays. */
  recordedEvents(subgraph: string, filter?: OutboxEventFilter): Promise<DomainEvent[]>;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Domain-event bus; default in-process. Redis and NATS get a stream of their own, removed on stop. */
  bus?: 'memory' | 'redis' | 'nats';
  /** Live pub/sub; default in-process. */
  live?: 'memory' | 'redis' | 'nats';
  /** Start only these subgraphs (the single-subgraph harness). Default: all of supergraph.yaml. */
  only?: readonly string[];
  subscriptionRevalidateMs?: number;
  /** Subgraphs' own settings (e.g. PLAZA_MAILBOX_DIR), as environment variables. */
  env?: Record<string, string>;
}

const UNLIMITED = { requests: 1_000_000_000, cost: 1_000_000_000 };
/**
 * Test runs sign up thousands of users: scrypt at 2^10 instead of production's 2^15 (~32× less
 * CPU and memory per sign-up and sign-in). Identity's unit test checks the production default.
 */
export const TEST_PASSWORD_COST = { PLAZA_PASSWORD_COST: '10' };

/**
 * The supergraph on databases no other stack touches — copied from each subgraph's migrated
 * template (PGlite folders, or PostgreSQL databases when DATABASE_URL / PLAZA_TEST_DB=postgres)
 * — on random ports. Starts with no demo data: tests build what they need through the API.
 * Most test files share their worker's stack (`sharedTestStack`); start one of your own only
 * when a test needs other settings or stops and restarts parts of it.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const config = testConfig();
  const databases: TestDatabase[] = [];
  const modules = await loadSubgraphModules(options.only);
  const namespace = `plaza-test-${unique()}`;
  const keys = { identity: signingKeysOf([generateSigningKey()]), gateway: signingKeysOf([generateSigningKey()]) };
  const live = await createLivePubSub({ kind: options.live ?? 'memory', redisUrl: config.redisUrl, natsUrl: config.natsUrl, namespace });
  const bus = testEventBus(options.bus ?? 'memory', consumerGroupsOf(modules.map(({ entry }) => entry)));
  const closeMessaging = () => Promise.allSettled([bus.close(), live.close()]);
  const dropDatabases = () => Promise.allSettled(databases.map((database) => database.drop()));
  const running = await startStack({
    gatewayPort: 0,
    subgraphPorts: 'random',
    only: options.only,
    seedDemo: false,
    bus,
    live,
    gatewayKeys: keys.gateway,
    env: { PLAZA_IDENTITY_SIGNING_KEYS: JSON.stringify(keys.identity.keys), ...TEST_PASSWORD_COST, ...options.env },
    poolSize: 5,
    gateway: {
      subscriptionRevalidateMs: options.subscriptionRevalidateMs,
      // A worker's tests sign up hundreds of users from one address: budgets no test reaches
      // (the rate-limit test runs a gateway of its own with small ones).
      rateLimits: createRateLimits({ signedIn: UNLIMITED, anonymous: UNLIMITED, apiKey: UNLIMITED }, null),
    },
    locationOf: async (entry, module) => {
      const database = await createTestDatabase(
        config.databases,
        {
          subgraph: entry.name,
          prismaDir: module.createSubgraph.prismaDir,
          migrate: (location) => module.createSubgraph.migrate(location),
        },
        config.runId,
      );
      databases.push(database);
      return database.location;
    },
  }).catch(async (error: unknown) => {
    await closeMessaging();
    await dropDatabases();
    throw error;
  });
  const url = running.gateway.url;
  const client = (token?: string) => createClient(url, token);
  const stack: TestStack = {
    url,
    keys,
    subgraphHeadersFor: async (viewer) => ({ [VIEWER_HEADER]: await signViewerAssertion(viewer, keys.gateway) }),
    running,
    anonymous: client(),
    client,
    prisma: <Client>(name: string) => {
      const subgraph = running.subgraphs[name];
      if (!subgraph) throw new Error(`Subgraph ${name} is not running in this stack`);
      return subgraph.subgraph.prisma as Client;
    },
    ...actorHelpers(url, () => running.eventsSettled()),
    eventsSettled: () => running.eventsSettled(),
    async recordedEvents(subgraph, filter = {}) {
      return readOutboxEvents(stack.prisma<OutboxClient>(subgraph), filter);
    },
    async stop() {
      await running.stop();
      await closeMessaging();
      await dropDatabases();
    },
  };
  return stack;
}

let shared: Promise<TestStack> | undefined;

/**
 * The stack of this test worker, started by the first test file that asks and reused by every
 * later file in the same worker (vitest runs integration files with `isolate: false`). Tests stay
 * independent because each creates its own organizations, and tenancy keeps organizations apart.
 * Never stop it: the run's global teardown removes its databases.
 */
export function sharedTestStack(): Promise<TestStack> {
  shared ??= startTestStack({ only: testConfig().sharedSubgraphs });
  return shared;
}

/** A bus no other test stack shares: its own Redis stream or JetStream stream, removed on close. */
function testEventBus(kind: 'memory' | 'redis' | 'nats', consumerGroups: readonly string[]): EventBus {
  const id = unique();
  const { redisUrl, natsUrl } = testConfig();
  if (kind === 'redis') return new RedisEventBus({ url: redisUrl, stream: `plaza:test:${id}`, ephemeral: true, blockMs: 200 });
  if (kind === 'nats')
    return new NatsEventBus({ url: natsUrl, stream: `PLAZA_TEST_${id}`, subjectPrefix: `plaza.test.${id}`, ephemeral: true });
  return new MemoryEventBus(consumerGroups);
}
