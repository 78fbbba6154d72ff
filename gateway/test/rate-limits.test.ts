import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimitStoreOf } from '@plaza/subgraph-kit';
import { sharedTestStack, testConfig, type Actor, type TestStack } from '@plaza/testkit';
import { createRateLimits } from '../src/index.ts';

// Per-minute budgets per user (or client address), of requests and of estimated cost, refused
// with HTTP 429 RATE_LIMITED, retryAfterSeconds and Retry-After; shared by gateway instances
// through Redis. Gateways of their own here, with small budgets.

let stack: TestStack;
let member: Actor;
const gateways: { stop(): Promise<void> }[] = [];
const redisClients: Redis[] = [];
beforeAll(async () => {
  stack = await sharedTestStack();
  member = await stack.createOrganization();
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await Promise.all(redisClients.map((client) => client.quit()));
});

async function gatewayWith(policies: Parameters<typeof createRateLimits>[0], store: Parameters<typeof createRateLimits>[1] = null) {
  const gateway = await stack.running.startGatewayReplica({}, { rateLimits: createRateLimits(policies, store) });
  gateways.push(gateway);
  return gateway.url;
}

async function send(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

const ME = '{ me { id } }';
const FEED = '{ homeFeed(first: 20) { edges { node { title } } } }'; // cost 1 + 20 × 3 = 61

describe('rate limits', () => {
  it('refuses a user past the requests of a minute with 429, retryAfterSeconds and Retry-After', async () => {
    const url = await gatewayWith({ signedIn: { requests: 3, cost: 1_000_000 }, anonymous: { requests: 100, cost: 1_000_000 } });
    for (let i = 0; i < 3; i++) expect((await send(url, ME, member.token)).status).toBe(200);
    const refused = await send(url, ME, member.token);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfter = refused.body.errors?.[0]?.extensions?.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThan(0);
    expect(refused.retryAfter).toBe(String(retryAfter));
    // Another user has a budget of their own.
    const other = await stack.createOrganization();
    expect((await send(url, ME, other.token)).status).toBe(200);
  });

  it('counts the estimated cost of each operation against a budget of its own', async () => {
    const url = await gatewayWith({ signedIn: { requests: 100, cost: 100 }, anonymous: { requests: 100, cost: 100 } });
    expect((await send(url, FEED, member.token)).status).toBe(200);
    const refused = await send(url, FEED, member.token);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.message).toMatch(/estimated cost allowed per minute is used up/);
  });

  it('counts anonymous callers by address', async () => {
    const url = await gatewayWith({ signedIn: { requests: 100, cost: 1_000_000 }, anonymous: { requests: 2, cost: 1_000_000 } });
    expect((await send(url, '{ __typename }')).status).toBe(200);
    expect((await send(url, '{ __typename }')).status).toBe(200);
    expect((await send(url, '{ __typename }')).status).toBe(429);
    expect((await send(url, ME, member.token)).status).toBe(200);
  });

  it('shares one budget between gateway instances through Redis', async () => {
    const prefix = `plaza-test-rates-${Date.now().toString(36)}`;
    const store = () => {
      const made = rateLimitStoreOf({
        PLAZA_EVENT_BUS: 'redis',
        PLAZA_PUBSUB: 'memory',
        REDIS_URL: testConfig().redisUrl,
        PLAZA_LIVE_PREFIX: prefix,
      })!;
      redisClients.push(made.redis);
      return made;
    };
    const policies = { signedIn: { requests: 4, cost: 1_000_000 }, anonymous: { requests: 100, cost: 1_000_000 } };
    const [first, second] = [await gatewayWith(policies, store()), await gatewayWith(policies, store())];
    for (const url of [first, second, first, second]) expect((await send(url, ME, member.token)).status).toBe(200);
    expect((await send(second, ME, member.token)).status).toBe(429);
    expect((await send(first, ME, member.token)).status).toBe(429);
  });
});
