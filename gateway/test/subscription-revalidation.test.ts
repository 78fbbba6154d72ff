import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSseClient, createWsClient, startTestStack, subscribe, subscribeOverSse, type Actor, type TestStack } from '@plaza/testkit';
import { SUPERGRAPH_PATH } from '../src/compose.ts';
import { VIEWER_ACCESS_FETCHES, startGateway, type RunningGateway } from '../src/server.ts';
import { graphql } from './graphql/index.ts';

// When identity cannot confirm a subscriber's membership, the gateway keeps its subscriptions
// for a grace period only. This file stops identity, so it has a stack to itself, and a gateway
// of its own with a short re-check interval and grace period.
const REVALIDATE_MS = 200;
const GRACE_MS = 6_000;
/** How long a test waits for the gateway to reach a state (subscriptions opened or ended, rounds passed). */
const SETTLE = { timeout: 10_000, interval: 25 };
const UNREAD = graphql(`
  subscription GatewayRevalidationUnreadCount {
    unreadNotificationCountChanged
  }
`);

let stack: TestStack;
let gateway: RunningGateway;
let owner: Actor;
beforeAll(async () => {
  stack = await startTestStack({ only: ['identity', 'notifications'] });
  gateway = await startGateway({
    port: 0,
    subgraphUrls: Object.fromEntries(Object.entries(stack.running.subgraphs).map(([name, { server }]) => [name, server.url])),
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    // The stack's subgraphs accept viewer assertions signed with the stack's gateway keys only.
    assertionKeys: stack.keys.gateway,
    subscriptionRevalidateMs: REVALIDATE_MS,
    subscriptionMembershipGraceMs: GRACE_MS,
  });
  owner = await stack.createOrganization();
});
afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
});

/** Re-checks sent to identity so far: only re-checks go from this gateway to identity. */
const identityChecks = () => gateway.subgraphFetches()[VIEWER_ACCESS_FETCHES] ?? 0;
const roundsPassed = async (rounds: number) => {
  const before = identityChecks();
  await vi.waitFor(() => expect(identityChecks()).toBeGreaterThanOrEqual(before + rounds), SETTLE);
};

/** A member subscribed over both transports, with what ends each of their subscriptions. */
async function subscribedMember() {
  const member = await stack.addMember(owner, 'MEMBER');
  let resolveClosed!: (event: { code: number; reason: string }) => void;
  const wsClosed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  const ws = createWsClient(gateway.url, member.token, resolveClosed);
  subscribe(ws, UNREAD);
  const sse = subscribeOverSse(createSseClient(gateway.url, member.token), UNREAD);
  await vi.waitFor(() => expect(gateway.clientSubscriptions()).toBe(2), SETTLE);
  await roundsPassed(1);
  return { ws, wsClosed, sse };
}

describe('membership re-check while identity is unreachable', () => {
  it('keeps subscriptions through failed re-checks within the grace period, then ends them on both transports', async () => {
    const { wsClosed, sse } = await subscribedMember();
    const stoppedAt = performance.now();
    await stack.running.stopSubgraph('identity');
    try {
      await roundsPassed(2);
      expect(gateway.clientSubscriptions()).toBe(2);
      expect(sse.results).toEqual([]);

      const closed = await wsClosed;
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/Membership could not be confirmed/);
      const last = await sse.next();
      expect(last.errors?.[0]?.extensions?.code).toBe('MEMBERSHIP_UNCONFIRMED');
      await sse.done;
      expect(performance.now() - stoppedAt).toBeGreaterThanOrEqual(GRACE_MS - REVALIDATE_MS);
      await vi.waitFor(() => expect([gateway.clientSubscriptions(), gateway.upstreamSubscriptions()]).toEqual([0, 0]), SETTLE);
    } finally {
      await stack.running.startSubgraph('identity');
    }
  });

  it('starts the grace period afresh once identity confirms the membership again', async () => {
    const { ws, wsClosed, sse } = await subscribedMember();
    let ended = false;
    void wsClosed.then(() => (ended = true));
    void sse.done.finally(() => (ended = true));
    const stoppedAt = performance.now();
    await stack.running.stopSubgraph('identity');
    try {
      await roundsPassed(2);
    } finally {
      await stack.running.startSubgraph('identity');
    }
    // Otherwise the subscriptions end rightly, and this test proves nothing (a slow restart on a busy machine).
    expect(performance.now() - stoppedAt, 'identity was back within the grace period').toBeLessThan(GRACE_MS - REVALIDATE_MS);
    // A whole grace period after identity returned: the outage's deadline has long passed.
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 2 * REVALIDATE_MS));
    expect(ended).toBe(false);
    expect(gateway.clientSubscriptions()).toBe(2);
    sse.close();
    await ws.dispose();
  });
});
