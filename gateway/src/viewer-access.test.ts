import { describe, expect, it, vi } from 'vitest';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import type { VerifiedAccessToken, Viewer } from '@plaza/auth';
import { GraphQLDataSourceRequestKind } from './subscriptions/request-context.ts';
import { ViewerAccessResolver, viewerAccessFromIdentity, type ViewerAccess } from './viewer-access.ts';
import type { GatewayContext } from './viewer-context.ts';

const log = pino({ level: 'silent' });
const token = (overrides: Partial<VerifiedAccessToken> = {}): VerifiedAccessToken => ({
  userId: 'ada',
  organizationId: 'org-a',
  role: 'ADMIN',
  sessionId: 'session-1',
  expiresAt: new Date(Date.now() + 60_000),
  ...overrides,
});

function resolverWith(answers: (ViewerAccess | Error)[], options: { ttlMs?: number; staleMs?: number } = {}) {
  const lookup = vi.fn(async (_viewer: Viewer): Promise<ViewerAccess> => {
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { resolver: new ViewerAccessResolver({ lookup, log, ...options }), lookup };
}

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  return (error as GraphQLError).extensions.code;
};

describe('ViewerAccessResolver', () => {
  it('acts with the role identity reports now, not the one in the token', async () => {
    const { resolver } = resolverWith([{ role: 'MEMBER', sessionActive: true }]);
    expect(await resolver.resolve(token())).toEqual({ userId: 'ada', organizationId: 'org-a', role: 'MEMBER', sessionId: 'session-1' });
  });

  it('refuses a removed member with FORBIDDEN and an ended session with UNAUTHENTICATED', async () => {
    expect(await codeOf(resolverWith([{ role: null, sessionActive: true }]).resolver.resolve(token()))).toBe('FORBIDDEN');
    expect(await codeOf(resolverWith([{ role: 'ADMIN', sessionActive: false }]).resolver.resolve(token()))).toBe('UNAUTHENTICATED');
  });

  it('reuses an answer for its lifetime, shares concurrent lookups, and drops it when told of a change', async () => {
    vi.useFakeTimers();
    try {
      const { resolver, lookup } = resolverWith(
        [
          { role: 'ADMIN', sessionActive: true },
          { role: 'MEMBER', sessionActive: true },
          { role: 'MEMBER', sessionActive: true },
        ],
        { ttlMs: 1_000 },
      );
      await Promise.all([resolver.resolve(token()), resolver.resolve(token())]);
      expect(lookup).toHaveBeenCalledTimes(1);
      resolver.invalidate({ userId: 'ada', organizationId: 'org-a' });
      expect((await resolver.resolve(token())).role).toBe('MEMBER');
      expect(lookup).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(999);
      await resolver.resolve(token());
      expect(lookup).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(1);
      await resolver.resolve(token());
      expect(lookup).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('while identity is unreachable, uses the last answer for a while, then the token alone', async () => {
    vi.useFakeTimers();
    try {
      const down = new Error('identity unreachable');
      const { resolver } = resolverWith([{ role: 'MEMBER', sessionActive: true }, down, down], { ttlMs: 1_000, staleMs: 5_000 });
      await resolver.resolve(token());
      vi.advanceTimersByTime(2_000);
      expect((await resolver.resolve(token())).role).toBe('MEMBER');
      vi.advanceTimersByTime(4_000);
      expect((await resolver.resolve(token())).role).toBe('ADMIN');
    } finally {
      vi.useRealTimers();
    }
  });

  it('invalidates every organization of the user after a sign-out everywhere', async () => {
    const { resolver, lookup } = resolverWith([
      { role: 'ADMIN', sessionActive: true },
      { role: 'MEMBER', sessionActive: true },
      { role: 'ADMIN', sessionActive: false },
      { role: 'MEMBER', sessionActive: false },
    ]);
    await resolver.resolve(token());
    await resolver.resolve(token({ organizationId: 'org-b', role: 'MEMBER' }));
    resolver.invalidate({ userId: 'ada', organizationId: null });
    expect(await codeOf(resolver.resolve(token()))).toBe('UNAUTHENTICATED');
    expect(await codeOf(resolver.resolve(token({ organizationId: 'org-b', role: 'MEMBER' })))).toBe('UNAUTHENTICATED');
    expect(lookup).toHaveBeenCalledTimes(4);
  });
});

describe('viewerAccessFromIdentity', () => {
  function fakeIdentity(data: Record<string, unknown> | null) {
    const requests: GraphQLDataSourceProcessOptions<GatewayContext>[] = [];
    const identity: GraphQLDataSource<GatewayContext> = {
      async process(options) {
        requests.push(options);
        return data ? { data } : { errors: [{ message: 'identity failed' }] };
      },
    };
    return { identity, requests };
  }
  const ada: Viewer = { userId: 'ada', organizationId: 'org-a', role: 'ADMIN', sessionId: 'session-1' };

  it('asks identity as the viewer, as an incoming operation with its request context', async () => {
    const { identity, requests } = fakeIdentity({ viewerAccess: { role: 'MEMBER', sessionActive: true } });
    expect(await viewerAccessFromIdentity(identity, log)(ada)).toEqual({ role: 'MEMBER', sessionActive: true });
    const [request] = requests;
    expect(request?.request.query).toBe('{ viewerAccess { role sessionActive } }');
    if (request?.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) throw new Error('not an incoming operation');
    expect(request.context.viewer).toBe(ada);
    expect(request.incomingRequestContext.context).toBe(request.context);
  });

  it('reads no role as none, and rejects when identity answers no data', async () => {
    expect(await viewerAccessFromIdentity(fakeIdentity({ viewerAccess: { role: null, sessionActive: true } }).identity, log)(ada)).toEqual({
      role: null,
      sessionActive: true,
    });
    await expect(viewerAccessFromIdentity(fakeIdentity(null).identity, log)(ada)).rejects.toThrow(/did not answer viewerAccess/);
  });
});
