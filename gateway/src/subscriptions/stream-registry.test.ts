import { describe, expect, it, vi } from 'vitest';
import type { ExecutionResult } from 'graphql';
import { pino } from 'pino';
import type { Viewer } from '@plaza/auth';
import { SharedStreams, type SharedStreamsOptions, type StreamListener } from './stream-registry.ts';
import { composeTestSupergraph, POST_ADDED } from './subscription-supergraph.fixture.ts';
import { SubscriptionPlanner } from './subscription-planner.ts';
import type { UpstreamEvent, UpstreamSink } from './upstream.ts';

const planner = new SubscriptionPlanner(composeTestSupergraph());
const prepared = planner.prepare(POST_ADDED, 'PostAdded');
if (!('primary' in prepared)) throw new Error('The test subscription does not plan');

const ada: Viewer = { userId: 'ada', organizationId: 'org-a', role: 'MEMBER' };
const bob: Viewer = { userId: 'bob', organizationId: 'org-a', role: 'MEMBER' };

/** Subgraph subscriptions as UpstreamPool would open them, driven by the test. */
function fakeUpstream() {
  const opened: { variables: Record<string, unknown>; assertion: string; sink: UpstreamSink; unsubscribed: boolean }[] = [];
  const upstream: SharedStreamsOptions['upstream'] = {
    subscribe(_primary, variables, assertion, sink) {
      const subscription = { variables, assertion, sink, unsubscribed: false };
      opened.push(subscription);
      return () => void (subscription.unsubscribed = true);
    },
  };
  return { upstream, opened };
}

function setUp(completeEvent: SharedStreamsOptions['completeEvent'] = async (_request, event) => ({ data: event.data })) {
  const { upstream, opened } = fakeUpstream();
  const completed: UpstreamEvent[] = [];
  const streams = new SharedStreams({
    upstream,
    assertViewer: async (viewer) => `assertion of ${viewer.userId}`,
    completeEvent: async (request, event) => {
      completed.push(event);
      return completeEvent(request, event);
    },
    log: pino({ level: 'silent' }),
  });
  return { streams, opened, completed };
}

/** A listener that keeps what it is told. */
function recorder() {
  const results: { result: ExecutionResult; last: boolean }[] = [];
  const listener: StreamListener = (result, last) => void results.push({ result, last });
  return { listener, results };
}

const post = (id: string): UpstreamEvent => ({ data: { postAdded: { id } } });

describe('SharedStreams', () => {
  it('opens one upstream subscription for identical subscriptions and completes each event once for all', async () => {
    const { streams, opened, completed } = setUp();
    const first = recorder();
    const second = recorder();
    streams.join(prepared, { spaceId: 's1' }, ada, first.listener);
    streams.join(prepared, { spaceId: 's1' }, ada, second.listener);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]?.assertion).toBe('assertion of ada');
    expect(streams.size()).toBe(1);

    opened[0]?.sink.next(post('p1'));
    await vi.waitFor(() => expect(second.results).toHaveLength(1));
    expect(completed).toHaveLength(1);
    expect(first.results).toEqual([{ result: { data: { postAdded: { id: 'p1' } } }, last: false }]);
    expect(second.results).toEqual(first.results);
  });

  it('keeps streams apart for other variables and other viewers', async () => {
    const { streams, opened } = setUp();
    streams.join(prepared, { spaceId: 's1' }, ada, recorder().listener);
    streams.join(prepared, { spaceId: 's2' }, ada, recorder().listener);
    streams.join(prepared, { spaceId: 's1' }, bob, recorder().listener);
    await vi.waitFor(() => expect(opened).toHaveLength(3));
    expect(opened.map(({ variables, assertion }) => [variables.spaceId, assertion])).toEqual([
      ['s1', 'assertion of ada'],
      ['s2', 'assertion of ada'],
      ['s1', 'assertion of bob'],
    ]);
  });

  it('ends the upstream subscription when the last listener leaves, not before', async () => {
    const { streams, opened } = setUp();
    const leaveFirst = streams.join(prepared, { spaceId: 's1' }, ada, recorder().listener);
    const leaveSecond = streams.join(prepared, { spaceId: 's1' }, ada, recorder().listener);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    leaveFirst();
    expect(opened[0]?.unsubscribed).toBe(false);
    leaveSecond();
    expect(opened[0]?.unsubscribed).toBe(true);
    expect(streams.size()).toBe(0);
  });

  it('never subscribes upstream when the listener left before the viewer assertion was signed', async () => {
    const { streams, opened } = setUp();
    streams.join(prepared, { spaceId: 's1' }, ada, recorder().listener)();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(opened).toEqual([]);
    expect(streams.size()).toBe(0);
  });

  it('delivers results in upstream order even when an earlier event takes longer to complete', async () => {
    const { streams, opened } = setUp(async (_request, event) => {
      if (event === slow) await new Promise((resolve) => setTimeout(resolve, 20));
      return { data: event.data };
    });
    const slow = post('p1');
    const { listener, results } = recorder();
    streams.join(prepared, { spaceId: 's1' }, ada, listener);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    opened[0]?.sink.next(slow);
    opened[0]?.sink.next(post('p2'));
    await vi.waitFor(() => expect(results).toHaveLength(2));
    expect(results.map(({ result }) => result.data)).toEqual([{ postAdded: { id: 'p1' } }, { postAdded: { id: 'p2' } }]);
  });

  it('ends every listener with SUBSCRIPTION_ENDED after the pending events when the subgraph goes away', async () => {
    const { streams, opened } = setUp();
    const { listener, results } = recorder();
    streams.join(prepared, { spaceId: 's1' }, ada, listener);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    opened[0]?.sink.next(post('p1'));
    opened[0]?.sink.error(new Error('socket closed'));
    await vi.waitFor(() => expect(results).toHaveLength(2));
    expect(results[0]).toEqual({ result: { data: { postAdded: { id: 'p1' } } }, last: false });
    expect(results[1]?.last).toBe(true);
    expect(results[1]?.result.errors?.[0]?.extensions.code).toBe('SUBSCRIPTION_ENDED');
    expect(streams.size()).toBe(0);
  });

  it('ends listeners with an empty last result when the subgraph completes the subscription', async () => {
    const { streams, opened } = setUp();
    const { listener, results } = recorder();
    streams.join(prepared, { spaceId: 's1' }, ada, listener);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    opened[0]?.sink.complete();
    await vi.waitFor(() => expect(results).toEqual([{ result: {}, last: true }]));
  });

  it('opens a fresh stream after one ended, which the old listeners leaving does not touch', async () => {
    const { streams, opened } = setUp();
    const leaveOld = streams.join(prepared, { spaceId: 's1' }, ada, recorder().listener);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    opened[0]?.sink.complete();
    await vi.waitFor(() => expect(streams.size()).toBe(0));

    const fresh = recorder();
    streams.join(prepared, { spaceId: 's1' }, ada, fresh.listener);
    leaveOld();
    await vi.waitFor(() => expect(opened).toHaveLength(2));
    expect(opened[1]?.unsubscribed).toBe(false);
    // A third identical subscription still shares the fresh stream.
    streams.join(prepared, { spaceId: 's1' }, ada, recorder().listener);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(opened).toHaveLength(2);
    expect(streams.size()).toBe(1);
  });

  it('ends listeners with SUBSCRIPTION_ENDED when the upstream subscription cannot start', async () => {
    const failing = new SharedStreams({
      upstream: {
        subscribe: () => {
          throw new Error('No URL for subgraph posts');
        },
      },
      assertViewer: async () => 'assertion',
      completeEvent: async () => ({}),
      log: pino({ level: 'silent' }),
    });
    const { listener, results } = recorder();
    failing.join(prepared, { spaceId: 's1' }, ada, listener);
    await vi.waitFor(() => expect(results).toHaveLength(1));
    expect(results[0]?.last).toBe(true);
    expect(results[0]?.result.errors?.[0]?.extensions.code).toBe('SUBSCRIPTION_ENDED');
    expect(failing.size()).toBe(0);
  });
});
