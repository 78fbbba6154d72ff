import { randomBytes } from 'node:crypto';
import type { Role } from '@plaza/auth';
import { createTestDatabase, type TestDatabase } from '@plaza/db';
import { MemoryEventBus, NatsEventBus, RedisEventBus, createLivePubSub, type EventBus } from '@plaza/events';
import { startStack, type RunningStack } from '@plaza/stack';
import { createClient, expectData, type GraphQLClient } from './client.ts';

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
  running: RunningStack;
  anonymous: GraphQLClient;
  client(token?: string): GraphQLClient;
  /** The Prisma client of one subgraph, for assertions and for rows no public mutation creates. */
  prisma<Client = any>(subgraph: string): Client;
  /** Signs up a new user (no organization yet). */
  signUp(overrides?: { email?: string; name?: string; password?: string }): Promise<{ token: string; userId: string; email: string; name: string }>;
  /** A new user who creates a new organization and owns it. */
  createOrganization(overrides?: { name?: string }): Promise<Actor>;
  /** A new user invited into the owner's organization with `role`, signed in there. */
  addMember(owner: Actor, role?: Role): Promise<Actor>;
  stop(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery';
let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${randomBytes(3).toString('hex')}`;

/**
 * The whole supergraph on databases no other test touches (in-memory PGlite, or fresh
 * PostgreSQL databases when DATABASE_URL / PLAZA_TEST_DB=postgres), on random ports.
 * Starts with no demo data: tests build what they need through the API.
 */
export async function startTestStack(
  options: { bus?: 'memory' | 'redis' | 'nats'; live?: 'memory' | 'redis' | 'nats'; subscriptionRevalidateMs?: number } = {},
): Promise<TestStack> {
  const databases = new Map<string, TestDatabase>();
  const live = await createLivePubSub({ kind: options.live ?? 'memory', namespace: `plaza-test-${unique()}` });
  const running = await startStack({
    gatewayPort: 0,
    subgraphPorts: 'random',
    seedDemo: false,
    bus: testEventBus(options.bus ?? 'memory'),
    live,
    gateway: { subscriptionRevalidateMs: options.subscriptionRevalidateMs },
    locationOf: (name) => {
      const database = createTestDatabase(name);
      databases.set(name, database);
      return database.location;
    },
  }).catch(async (error) => {
    await Promise.allSettled([...databases.values()].map((db) => db.drop()));
    throw error;
  });
  const url = running.gateway.url;
  const client = (token?: string) => createClient(url, token);

  const stack: TestStack = {
    url,
    running,
    anonymous: client(),
    client,
    prisma: (name) => running.subgraphs[name]!.subgraph.prisma,
    async signUp(overrides = {}) {
      const id = unique();
      const email = overrides.email ?? `user-${id}@example.test`;
      const name = overrides.name ?? `User ${id}`;
      const data = expectData(
        await stack.anonymous.request<{ signUp: { token: string; user: { id: string } } }>(
          `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`,
          { input: { email, name, password: overrides.password ?? TEST_PASSWORD } },
        ),
      );
      return { token: data.signUp.token, userId: data.signUp.user.id, email, name };
    },
    async createOrganization(overrides = {}) {
      const user = await stack.signUp();
      const data = expectData(
        await client(user.token).request<{ createOrganization: { token: string; organization: { id: string } } }>(
          `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { token organization { id } } }`,
          { input: { name: overrides.name ?? `Org ${unique()}` } },
        ),
      );
      const { token, organization } = data.createOrganization;
      return { ...user, token, organizationId: organization.id, ...createClient(url, token) };
    },
    async addMember(owner, role = 'MEMBER') {
      const user = await stack.signUp();
      const invited = expectData(
        await owner.request<{ inviteMember: { token: string } }>(
          `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`,
          { input: { email: user.email, role } },
        ),
      );
      const accepted = expectData(
        await client(user.token).request<{ acceptInvitation: { token: string } }>(
          `mutation ($token: String!) { acceptInvitation(token: $token) { token } }`,
          { token: invited.inviteMember.token },
        ),
      );
      const token = accepted.acceptInvitation.token;
      return { ...user, token, organizationId: owner.organizationId, ...createClient(url, token) };
    },
    async stop() {
      await running.stop();
      await Promise.allSettled([...databases.values()].map((db) => db.drop()));
    },
  };
  return stack;
}

/** A bus no other test stack shares: its own Redis stream or JetStream stream, removed on close. */
function testEventBus(kind: 'memory' | 'redis' | 'nats'): EventBus {
  const id = unique();
  if (kind === 'redis') {
    return new RedisEventBus({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', stream: `plaza:test:${id}`, ephemeral: true, blockMs: 200 });
  }
  if (kind === 'nats') {
    return new NatsEventBus({ url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', stream: `PLAZA_TEST_${id}`, subjectPrefix: `plaza.test.${id}`, ephemeral: true });
  }
  return new MemoryEventBus();
}
