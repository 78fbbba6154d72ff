import { randomBytes } from 'node:crypto';
import {
  VIEWER_HEADER,
  generateSigningKey,
  signViewerAssertion,
  signingKeysOf,
  type Role,
  type SigningKeys,
  type Viewer,
} from '@plaza/auth';
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
import { loadSubgraphModules, startStack, type RunningStack } from '@plaza/stack';
import { consumerGroupsOf } from '@plaza/topology';
import { createClient, expectData, type GraphQLClient } from './client.ts';
import { graphql } from './graphql/index.ts';
import { testConfig } from './test-config.ts';

/** A signed-in user acting in one organization, with a client that sends their token. */
export interface Actor extends GraphQLClient {
  token: string;
  userId: string;
  organizationId: string;
  email: string;
  name: string;
}

export interface TestStack {
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
  /** Signs up a new user (no organization yet). */
  signUp(overrides?: {
    email?: string;
    name?: string;
    password?: string;
  }): Promise<{ token: string; userId: string; email: string; name: string }>;
  /**
   * A new user who creates a new organization and owns it. Like every helper here that changes a
   * membership, it returns once every consumer of identity's events has applied it (member
   * directories are eventually consistent), so the next request sees the change.
   */
  createOrganization(overrides?: { name?: string }): Promise<Actor>;
  /** A new user invited into the owner's organization with `role`, signed in there. */
  addMember(owner: Actor, role?: Role): Promise<Actor>;
  /** `admin` removes the user from admin's organization (or, when it is their own id, leaves). */
  removeMember(admin: Actor, userId: string): Promise<void>;
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

export const TEST_PASSWORD = 'correct-horse-battery';
let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${randomBytes(3).toString('hex')}`;

const SIGN_UP = graphql(`
  mutation TestkitSignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      user {
        id
      }
    }
  }
`);
const CREATE_ORGANIZATION = graphql(`
  mutation TestkitCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      token
      organization {
        id
      }
    }
  }
`);
const INVITE_MEMBER = graphql(`
  mutation TestkitInviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      token
    }
  }
`);
const ACCEPT_INVITATION = graphql(`
  mutation TestkitAcceptInvitation($token: String!) {
    acceptInvitation(token: $token) {
      token
    }
  }
`);
const REMOVE_MEMBER = graphql(`
  mutation TestkitRemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);

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
    env: { PLAZA_IDENTITY_SIGNING_KEYS: JSON.stringify(keys.identity.keys), ...options.env },
    poolSize: 5,
    gateway: { subscriptionRevalidateMs: options.subscriptionRevalidateMs },
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
  const actor = (user: { token: string; userId: string; email: string; name: string }, organizationId: string): Actor => ({
    ...user,
    organizationId,
    ...createClient(url, user.token),
  });

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
    async signUp(overrides = {}) {
      const id = unique();
      const email = overrides.email ?? `user-${id}@example.test`;
      const name = overrides.name ?? `User ${id}`;
      const { signUp } = expectData(
        await stack.anonymous.request(SIGN_UP, { input: { email, name, password: overrides.password ?? TEST_PASSWORD } }),
      );
      return { token: signUp.token, userId: signUp.user.id, email, name };
    },
    async createOrganization(overrides = {}) {
      const user = await stack.signUp();
      const { createOrganization } = expectData(
        await client(user.token).request(CREATE_ORGANIZATION, { input: { name: overrides.name ?? `Org ${unique()}` } }),
      );
      const organization = createOrganization.organization;
      if (!organization) throw new Error('createOrganization returned no organization');
      await running.eventsSettled();
      return actor({ ...user, token: createOrganization.token }, organization.id);
    },
    async addMember(owner, role = 'MEMBER') {
      const user = await stack.signUp();
      const invited = expectData(await owner.request(INVITE_MEMBER, { input: { email: user.email, role } }));
      const accepted = expectData(await client(user.token).request(ACCEPT_INVITATION, { token: invited.inviteMember.token }));
      await running.eventsSettled();
      return actor({ ...user, token: accepted.acceptInvitation.token }, owner.organizationId);
    },
    async removeMember(admin, userId) {
      expectData(await admin.request(REMOVE_MEMBER, { userId }));
      await running.eventsSettled();
    },
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
