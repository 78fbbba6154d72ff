import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FormattedExecutionResult } from 'graphql';
import type { Viewer } from '@plaza/auth';
import { SessionRegistry, type ResultFeed, type SessionEnd } from './connection-session.ts';

const ada: Viewer = { userId: 'ada', organizationId: 'org-a', role: 'MEMBER' };
const bob: Viewer = { userId: 'bob', organizationId: 'org-a', role: 'MEMBER' };
const forbidden: SessionEnd = { code: 'FORBIDDEN', message: 'Membership ended or changed' };

/** A feed the test drives: it remembers where to deliver, and whether it was stopped. */
function fakeFeed() {
  const state: { deliver?: Parameters<ResultFeed>[0]; stopped: boolean } = { stopped: false };
  const feed: ResultFeed = (deliver) => {
    state.deliver = deliver;
    return () => void (state.stopped = true);
  };
  return { feed, state, send: (result: FormattedExecutionResult | undefined, last = false) => state.deliver?.(result, last) };
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1_000);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ConnectionSession', () => {
  it('delivers a feed’s results until the client returns the subscription, which stops the feed', async () => {
    const sessions = new SessionRegistry();
    const session = sessions.open({ viewer: ada, tokenExpiresAt: null });
    const { feed, state, send } = fakeFeed();
    const results = session.subscribe(feed);
    const first = results.next();
    expect(state.deliver).toBeDefined();
    expect(sessions.subscriptionCount()).toBe(1);

    send({ data: { n: 1 } });
    send(undefined);
    send({ data: { n: 2 } });
    expect(await first).toEqual({ done: false, value: { data: { n: 1 } } });
    expect(await results.next()).toEqual({ done: false, value: { data: { n: 2 } } });

    await results.return?.();
    expect(state.stopped).toBe(true);
    expect(sessions.subscriptionCount()).toBe(0);
  });

  it('ends a subscription with the feed’s last result', async () => {
    const session = new SessionRegistry().open({ viewer: ada, tokenExpiresAt: null });
    const { feed, state, send } = fakeFeed();
    const results = session.subscribe(feed);
    const first = results.next();
    expect(state.deliver).toBeDefined();
    send({ errors: [{ message: 'ended', extensions: { code: 'SUBSCRIPTION_ENDED' } }] }, true);
    expect((await first).value).toEqual({ errors: [{ message: 'ended', extensions: { code: 'SUBSCRIPTION_ENDED' } }] });
    expect(await results.next()).toEqual({ done: true, value: undefined });
    expect(state.stopped).toBe(true);
  });

  it('ends each subscription with UNAUTHENTICATED when the access token expires, and not before', async () => {
    const sessions = new SessionRegistry();
    const session = sessions.open({ viewer: ada, tokenExpiresAt: inSeconds(60) });
    const { feed, state } = fakeFeed();
    const results = session.subscribe(feed);
    const next = results.next();
    expect(state.deliver).toBeDefined();

    vi.advanceTimersByTime(59_999);
    expect(session.isOpen).toBe(true);
    vi.advanceTimersByTime(1);
    expect(session.isOpen).toBe(false);
    expect((await next).value).toEqual({ errors: [{ message: 'Access token expired', extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(await results.next()).toEqual({ done: true, value: undefined });
    expect(sessions.viewers().size).toBe(0);
  });

  it('leaves ending to the transport when it has onEnd, until it closes the session', async () => {
    const onEnd = vi.fn();
    const sessions = new SessionRegistry();
    const session = sessions.open({ viewer: ada, tokenExpiresAt: inSeconds(1) }, onEnd);
    const { feed, state } = fakeFeed();
    const results = session.subscribe(feed);
    const next = results.next();
    expect(state.deliver).toBeDefined();

    vi.advanceTimersByTime(1_000);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith({ code: 'UNAUTHENTICATED', message: 'Access token expired' });
    expect(state.stopped).toBe(false);
    session.close();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(state.stopped).toBe(true);
  });

  it('ends at once a token that expired already', () => {
    const onEnd = vi.fn();
    new SessionRegistry().open({ viewer: ada, tokenExpiresAt: inSeconds(-5) }, onEnd);
    vi.advanceTimersByTime(0);
    expect(onEnd).toHaveBeenCalledOnce();
  });

  it('forgets its expiry when the client goes away first', () => {
    const onEnd = vi.fn();
    new SessionRegistry().open({ viewer: ada, tokenExpiresAt: inSeconds(1) }, onEnd).close();
    vi.advanceTimersByTime(5_000);
    expect(onEnd).not.toHaveBeenCalled();
  });

  it('ends a subscription started after its session ended without opening its feed', async () => {
    const session = new SessionRegistry().open({ viewer: ada, tokenExpiresAt: null });
    session.end(forbidden);
    const { feed, state } = fakeFeed();
    expect(await session.subscribe(feed).next()).toEqual({ done: true, value: undefined });
    expect(state.deliver).toBeUndefined();
  });
});

describe('SessionRegistry', () => {
  it('ends the sessions whose viewer matches, and only those', () => {
    const sessions = new SessionRegistry();
    const ends = { ada: vi.fn(), adaAgain: vi.fn(), bob: vi.fn() };
    sessions.open({ viewer: ada, tokenExpiresAt: null }, ends.ada);
    sessions.open({ viewer: ada, tokenExpiresAt: null }, ends.adaAgain);
    sessions.open({ viewer: bob, tokenExpiresAt: null }, ends.bob);
    expect([...sessions.viewers().values()]).toEqual([ada, bob]);

    sessions.endWhere((viewer) => viewer.userId === 'ada', forbidden);
    expect(ends.ada).toHaveBeenCalledExactlyOnceWith(forbidden);
    expect(ends.adaAgain).toHaveBeenCalledExactlyOnceWith(forbidden);
    expect(ends.bob).not.toHaveBeenCalled();
    expect([...sessions.viewers().values()]).toEqual([bob]);

    // Ended sessions are not ended twice.
    sessions.endWhere(() => true, forbidden);
    expect(ends.ada).toHaveBeenCalledOnce();
    expect(ends.bob).toHaveBeenCalledOnce();
  });

  it('closes every session and its subscriptions', async () => {
    const sessions = new SessionRegistry();
    const { feed, state } = fakeFeed();
    const results = sessions.open({ viewer: ada, tokenExpiresAt: null }).subscribe(feed);
    const next = results.next();
    expect(state.deliver).toBeDefined();
    sessions.closeAll();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(sessions.viewers().size).toBe(0);
    expect(sessions.subscriptionCount()).toBe(0);
  });
});
