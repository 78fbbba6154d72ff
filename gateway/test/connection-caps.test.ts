import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RateLimitStore } from '@plaza/subgraph-kit';
import {
  createSseClient,
  createWsClient,
  sharedTestStack,
  subscribe,
  subscribeOverSse,
  testConfig,
  type Actor,
  type TestStack,
} from '@plaza/testkit';
import { createConnectionCaps } from '../src/subscriptions/connection-caps.ts';
import { graphql } from './graphql/index.ts';

// Subscriptions per connection and connections per user, over real WebSockets and event streams,
// on gateways of their own with small caps; across two gateways through Redis.

const NOTIFICATION_ADDED = graphql(`
  subscription GatewayCapsNotificationAdded {
    notificationAdded {
      type
    }
  }
`);

const CAPS = { subscriptionsPerConnection: 2, connectionsPerUser: 2 };
const SETTLE = { timeout: 10_000, interval: 25 };

let stack: TestStack;
let member: Actor;
const cleanups: (() => unknown)[] = [];
const redisClients: Redis[] = [];
beforeAll(async () => {
  stack = await sharedTestStack();
  member = await stack.createOrganization();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await Promise.all(redisClients.map((client) => client.quit()));
});

async function gatewayWith(store: RateLimitStore | null = null) {
  const gateway = await stack.running.startGatewayReplica({}, { connectionCaps: createConnectionCaps(CAPS, store) });
  cleanups.push(() => gateway.stop());
  return gateway;
}

function wsClient(url: string, token: string) {
  const closes: { code: number; reason: string }[] = [];
  const client = createWsClient(url, token, (event) => closes.push(event));
  cleanups.push(() => client.dispose());
  return { client, closes };
}

describe('subscription caps', () => {
  it('refuses a subscription past the per-connection cap with RATE_LIMITED naming the cap, on the same socket', async () => {
    const gateway = await gatewayWith();
    const { client } = wsClient(gateway.url, member.token);
    const first = subscribe(client, NOTIFICATION_ADDED);
    const second = subscribe(client, NOTIFICATION_ADDED);
    await vi.waitFor(() => expect(gateway.clientSubscriptions()).toBe(2), SETTLE);
    const third = subscribe(client, NOTIFICATION_ADDED);
    const refusal = (await third.done.then(
      () => null,
      (errors: unknown) => errors,
    )) as { message: string; extensions: Record<string, unknown> }[];
    expect(refusal[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', cap: 'subscriptionsPerConnection', limit: 2 });
    expect(refusal[0]!.message).toMatch(/one connection may carry 2 at once/);
    // The socket stays open, and a slot freed is a slot to use.
    first.close();
    await vi.waitFor(() => expect(gateway.clientSubscriptions()).toBe(1), SETTLE);
    subscribe(client, NOTIFICATION_ADDED);
    await vi.waitFor(() => expect(gateway.clientSubscriptions()).toBe(2), SETTLE);
    second.close();
  });

  it('closes a connection past the per-user cap with 4429, counting WebSockets and event streams together', async () => {
    const gateway = await gatewayWith();
    const user = await stack.createOrganization();
    const one = wsClient(gateway.url, user.token);
    subscribe(one.client, NOTIFICATION_ADDED);
    const sse = createSseClient(gateway.url, user.token);
    cleanups.push(() => sse.dispose());
    const stream = subscribeOverSse(sse, NOTIFICATION_ADDED);
    await vi.waitFor(() => expect(gateway.clientSubscriptions()).toBe(2), SETTLE);

    const three = wsClient(gateway.url, user.token);
    subscribe(three.client, NOTIFICATION_ADDED);
    await vi.waitFor(() => expect(three.closes[0]?.code).toBe(4429), SETTLE);
    expect(three.closes[0]!.reason).toMatch(/may hold 2 subscription connections open at once/);

    // An event stream past the cap: 429 with RATE_LIMITED.
    const refusedStream = subscribeOverSse(createSseClient(gateway.url, user.token), NOTIFICATION_ADDED);
    const failure = (await refusedStream.done.then(
      () => null,
      (error: unknown) => error,
    )) as { response?: Response };
    expect(failure.response?.status).toBe(429);
    const body = (await failure.response!.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', cap: 'connectionsPerUser', limit: 2 });

    // Another user is not affected; closing a connection frees its slot.
    const other = wsClient(gateway.url, member.token);
    subscribe(other.client, NOTIFICATION_ADDED);
    stream.close();
    await vi.waitFor(() => expect(gateway.clientSubscriptions()).toBe(2), SETTLE);
    const again = wsClient(gateway.url, user.token);
    subscribe(again.client, NOTIFICATION_ADDED);
    await vi.waitFor(() => expect(gateway.clientSubscriptions()).toBe(3), SETTLE);
    expect(again.closes).toEqual([]);
  });

  it('holds the per-user cap across gateway instances through Redis', async () => {
    const prefix = `plaza-test-caps-${Date.now().toString(36)}`;
    // Two gateways, each with its own connection to one Redis.
    const store = (): RateLimitStore => {
      const redis = new Redis(testConfig().redisUrl, { maxRetriesPerRequest: 1 });
      redisClients.push(redis);
      return { redis, prefix };
    };
    const [first, second] = [await gatewayWith(store()), await gatewayWith(store())];
    const user = await stack.createOrganization();
    const onFirst = wsClient(first.url, user.token);
    subscribe(onFirst.client, NOTIFICATION_ADDED);
    const onSecond = wsClient(second.url, user.token);
    const held = subscribe(onSecond.client, NOTIFICATION_ADDED);
    await vi.waitFor(() => expect(first.clientSubscriptions() + second.clientSubscriptions()).toBe(2), SETTLE);

    const third = wsClient(first.url, user.token);
    subscribe(third.client, NOTIFICATION_ADDED);
    await vi.waitFor(() => expect(third.closes[0]?.code).toBe(4429), SETTLE);

    // Released on the second gateway, the slot is free on the first.
    held.close();
    await onSecond.client.dispose();
    await vi.waitFor(() => expect(second.clientSubscriptions()).toBe(0), SETTLE);
    const fourth = wsClient(first.url, user.token);
    subscribe(fourth.client, NOTIFICATION_ADDED);
    await vi.waitFor(() => expect(first.clientSubscriptions()).toBe(2), SETTLE);
    expect(fourth.closes).toEqual([]);
  });
});
