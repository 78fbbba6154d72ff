import { afterEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { generateSigningKey, signingKeysOf, type Viewer } from '@plaza/auth';
import { createSubscriptionCore, type SessionEnd, type SubscriptionCore } from './subscription-core.ts';
import { composeTestSupergraph, POST_ADDED } from './subscription-supergraph.fixture.ts';

const forbidden: SessionEnd = { code: 'FORBIDDEN', message: 'Membership ended or changed' };

let core: SubscriptionCore | undefined;
afterEach(async () => {
  await core?.close();
});

/** A core whose subgraphs are never reached: nothing here subscribes or waits for a re-check. */
function coreForTest(): SubscriptionCore {
  core = createSubscriptionCore({
    subgraphUrls: { identity: 'http://127.0.0.1:1/graphql' },
    authenticate: async () => {
      throw new Error('not used here');
    },
    assertionKeys: signingKeysOf([generateSigningKey()]),
    lookupAccess: async () => ({ role: 'MEMBER', sessionActive: true }),
    log: pino({ level: 'silent' }),
    formatError: (error) => error,
  });
  return core;
}

describe('SubscriptionCore.endViewerSessions', () => {
  it('ends at once every session of the user in that organization, whatever its role, and no other', () => {
    const subscriptions = coreForTest();
    const open = (viewer: Viewer) => {
      const onEnd = vi.fn();
      subscriptions.openSession({ viewer, tokenExpiresAt: null }, onEnd);
      return onEnd;
    };
    const asMember = open({ userId: 'ada', organizationId: 'org-a', role: 'MEMBER' });
    const asAdmin = open({ userId: 'ada', organizationId: 'org-a', role: 'ADMIN' });
    const elsewhere = open({ userId: 'ada', organizationId: 'org-b', role: 'MEMBER' });
    const colleague = open({ userId: 'bob', organizationId: 'org-a', role: 'MEMBER' });

    subscriptions.endViewerSessions({ userId: 'ada', organizationId: 'org-a' }, forbidden);
    expect(asMember).toHaveBeenCalledExactlyOnceWith(forbidden);
    expect(asAdmin).toHaveBeenCalledExactlyOnceWith(forbidden);
    expect(elsewhere).not.toHaveBeenCalled();
    expect(colleague).not.toHaveBeenCalled();

    // Those sessions are over: telling again ends nothing more.
    subscriptions.endViewerSessions({ userId: 'ada', organizationId: 'org-a' }, forbidden);
    expect(asMember).toHaveBeenCalledOnce();
  });
});

describe('SubscriptionCore.prepare', () => {
  it('answers SERVICE_UNAVAILABLE until the first supergraph, then plans against it', () => {
    const subscriptions = coreForTest();
    const before = subscriptions.prepare(POST_ADDED);
    expect('primary' in before ? undefined : before[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(subscriptions.apiSchema()).toBeUndefined();

    subscriptions.updateSupergraph(composeTestSupergraph());
    const after = subscriptions.prepare(POST_ADDED);
    expect('primary' in after ? after.primary.serviceName : after).toBe('posts');
    expect(subscriptions.apiSchema()?.getSubscriptionType()?.name).toBe('Subscription');
  });
});

describe('SubscriptionCore.endViewerSessions after a sign-out', () => {
  it('ends the sessions of the user in every organization when none is named', () => {
    const subscriptions = coreForTest();
    const ended = [
      { userId: 'ada', organizationId: 'org-a', role: 'MEMBER' },
      { userId: 'ada', organizationId: 'org-b', role: 'OWNER' },
      { userId: 'bob', organizationId: 'org-a', role: 'MEMBER' },
    ].map((viewer) => {
      const onEnd = vi.fn();
      subscriptions.openSession({ viewer: viewer as Viewer, tokenExpiresAt: null }, onEnd);
      return onEnd;
    });
    const signedOut: SessionEnd = { code: 'UNAUTHENTICATED', message: 'Signed out' };
    subscriptions.endViewerSessions({ userId: 'ada', organizationId: null }, signedOut);
    expect(ended.map((onEnd) => onEnd.mock.calls.length)).toEqual([1, 1, 0]);
  });
});
