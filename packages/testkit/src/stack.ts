import { randomBytes } from 'node:crypto';
import type { Role } from '@plaza/auth';
import { createTestDatabase, type TestDatabase } from '@plaza/db';
import {
  MemoryEventBus,
  NatsEventBus,
  RedisEventBus,
  createLivePubSub,
  eventOfOutboxRow,
  type DomainEvent,
  type EventBus,
  type OutboxRow,
} from '@plaza/events';
import { startStack, type RunningStack } from '@plaza/stack';
import { createClient, expectData, type GraphQLClient } from './client.ts';
import { until } from './until.ts';

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
  /**
   * A new user who creates a new organization and owns it. Like every helper here that changes a
   * membership, it returns once community and notifications applied identity's event to their
   * member directories (they are eventually consistent), so the next request sees the change.
   */
  createOrganization(overrides?: { name?: string }): Promise<Actor>;
  /** A new user invited into the owner's organization with `role`, signed in there. */
  addMember(owner: Actor, role?: Role): Promise<Actor>;
  /** `admin` removes the user from admin's organization (or, when it is their own id, leaves). */
  removeMember(admin: Actor, userId: string): Promise<void>;
  /**
   * Waits until identity's outbox is published and the member directories of the running
   * consumers hold the membership as `state` says.
   */
  membershipApplied(organizationId: string, userId: string, state?: 'active' | 'left'): Promise<void>;
  /** Events in a subgraph's outbox (Prisma `where` on OutboxEvent), oldest first, as the relay publishes them: for replays. */
  recordedEvents(subgraph: string, where?: Record<string, unknown>): Promise<DomainEvent[]>;
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
      await stack.membershipApplied(organization.id, user.userId);
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
      await stack.membershipApplied(owner.organizationId, user.userId);
      return { ...user, token, organizationId: owner.organizationId, ...createClient(url, token) };
    },
    async removeMember(admin, userId) {
      expectData(await admin.request(`mutation ($userId: ID!) { removeMember(userId: $userId) }`, { userId }));
      await stack.membershipApplied(admin.organizationId, userId, 'left');
    },
    async membershipApplied(organizationId, userId, state = 'active') {
      const left = state === 'left';
      const key = { organizationId_userId: { organizationId, userId } };
      // A stopped consumer holds the events back (in the outbox or the broker): nothing to wait for then.
      const consumers = [
        [running.subgraphs.community, 'organizationMember'],
        [running.subgraphs.notifications, 'notificationRecipient'],
      ] as const;
      if (consumers.some(([consumer]) => !consumer)) return;
      await until(async () => {
        const pending = await stack.prisma('identity').outboxEvent.count({ where: { publishedAt: null } });
        if (pending > 0) return false;
        const rows = await Promise.all(
          consumers.map(([consumer, model]) => consumer!.subgraph.prisma[model].findUnique({ where: key, select: { left: true } })),
        );
        return rows.every((row: { left: boolean } | null) => row?.left === left);
      }, 20_000);
    },
    async recordedEvents(subgraph, where = {}) {
      const rows: OutboxRow[] = await stack.prisma(subgraph).outboxEvent.findMany({ where, orderBy: { id: 'asc' } });
      return rows.map(eventOfOutboxRow);
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
