import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateSigningKey, signingKeysOf } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { IdentityRepositories } from '../repositories.ts';
import type { UserRecord } from '../user/user.repository.ts';
import { AuthService } from './auth.service.ts';
import { hashPassword } from './password.ts';
import { addressKeyOf } from '@plaza/subgraph-kit';
import { createSignInLimits, type SignInPolicy } from './sign-in-limits.ts';

const PASSWORD = 'correct-horse-battery';
const ADA = 'ada@example.test';
const keys = signingKeysOf([generateSigningKey()]);
// The limits are under test here, not scrypt's cost (password.test.ts checks production's).
const PASSWORD_COST = 10;
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD, PASSWORD_COST);
});

// Only the clock: the password hashing's callbacks must still run.
beforeEach(() => vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

/** Ada's account in memory and an AuthService whose limits are counted in memory under `policy`. */
function authWith(policy: Partial<SignInPolicy> = {}) {
  const ada: UserRecord & { passwordHash: string } = {
    id: 'user-ada',
    email: ADA,
    name: 'Ada',
    avatarUrl: null,
    bio: null,
    visibility: 'MEMBERS',
    createdAt: new Date(2026, 0, 1),
    passwordHash,
  };
  let sessions = 0;
  const data = fakeDataAccess<IdentityRepositories>({
    users: {
      findByEmailWithPasswordHash: async (email) => (email === ADA ? { ...ada } : null),
      create: async ({ email, name }) => ({ ...ada, id: `user-${email}`, email, name }),
    },
    memberships: { findFirstOfUser: async () => null },
    sessions: {
      create: async ({ userId, activeOrganizationId }) =>
        ({ id: `session-${++sessions}`, userId, activeOrganizationId, revokedAt: null }) as never,
      addRefreshToken: async () => {},
    },
  });
  return new AuthService({
    data,
    keys,
    accessTokenTtlSeconds: 60,
    refreshTokenTtlDays: 1,
    passwordCost: PASSWORD_COST,
    onAccessChanged: () => {},
    signInLimits: createSignInLimits({
      accountFreeFailures: 3,
      addressFreeFailures: 100,
      firstDelaySeconds: 10,
      maxDelaySeconds: 35,
      ...policy,
    }),
  });
}

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

const attempt = (auth: AuthService, email: string, password: string, address: string | null = '203.0.113.7') =>
  rejection(auth.signIn({ email, password, organizationId: null }, address));
const wrong = (auth: AuthService, email = ADA, address?: string | null) => attempt(auth, email, 'not-the-password', address);

describe('AuthService sign-in limits', () => {
  it('makes an email wait after the free failures, twice as long after each further one, up to the longest wait', async () => {
    const auth = authWith();
    for (let failure = 1; failure <= 3; failure++) expect((await wrong(auth)).code).toBe('UNAUTHENTICATED');

    const limited = await attempt(auth, ADA, PASSWORD);
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.details).toEqual({ retryAfterSeconds: 10, limitedBy: 'ACCOUNT' });
    expect(limited.message).toBe('Too many failed attempts for this email address; try again in 10 s');

    vi.advanceTimersByTime(4_000);
    expect((await wrong(auth)).details.retryAfterSeconds).toBe(6);
    vi.advanceTimersByTime(6_000);
    expect((await wrong(auth)).code).toBe('UNAUTHENTICATED');
    expect((await wrong(auth)).details.retryAfterSeconds).toBe(20);
    vi.advanceTimersByTime(20_000);
    expect((await wrong(auth)).code).toBe('UNAUTHENTICATED');
    expect((await wrong(auth)).details.retryAfterSeconds).toBe(35);
    vi.advanceTimersByTime(35_000);
    expect((await wrong(auth)).code).toBe('UNAUTHENTICATED');
    expect((await wrong(auth)).details.retryAfterSeconds).toBe(35);

    // Once the wait is over, the right password still works.
    vi.advanceTimersByTime(35_000);
    expect((await auth.signIn({ email: ADA, password: PASSWORD, organizationId: null }, '203.0.113.7')).userId).toBe('user-ada');
  });

  it('answers an email without an account exactly as one with an account', async () => {
    const auth = authWith();
    const answers = async (email: string) => {
      const errors = [];
      for (let failure = 1; failure <= 4; failure++) errors.push(await wrong(auth, email));
      return errors.map(({ code, message, details }) => ({ code, message, details }));
    };
    const known = await answers(ADA);
    expect(known.at(-1)?.code).toBe('RATE_LIMITED');
    expect(await answers('nobody@example.test')).toEqual(known);
  });

  it('clears an email count when its password is right', async () => {
    const auth = authWith();
    await wrong(auth);
    await wrong(auth);
    await auth.signIn({ email: ADA, password: PASSWORD, organizationId: null }, '203.0.113.7');
    // Without the reset these would be the 4th and 5th failures in a row, past the free three.
    for (let failure = 1; failure <= 3; failure++) expect((await wrong(auth)).code).toBe('UNAUTHENTICATED');
    expect((await attempt(auth, ADA, PASSWORD)).details).toEqual({ retryAfterSeconds: 10, limitedBy: 'ACCOUNT' });
  });

  it('limits a client address across emails, and each address on its own', async () => {
    const auth = authWith({ addressFreeFailures: 4 });
    for (let n = 1; n <= 4; n++) expect((await wrong(auth, `guess-${n}@example.test`, '198.51.100.1')).code).toBe('UNAUTHENTICATED');

    const limited = await attempt(auth, ADA, PASSWORD, '198.51.100.1');
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.details).toEqual({ retryAfterSeconds: 10, limitedBy: 'ADDRESS' });
    expect(limited.message).toBe('Too many failed attempts from this client address; try again in 10 s');
    // Another address, and a request the gateway gave no address for, are not held up.
    expect((await auth.signIn({ email: ADA, password: PASSWORD, organizationId: null }, '198.51.100.2')).userId).toBe('user-ada');
    expect((await wrong(auth, 'guess-5@example.test', null)).code).toBe('UNAUTHENTICATED');
  });

  it('does not let a success from an address clear its failures', async () => {
    const auth = authWith({ addressFreeFailures: 3 });
    await wrong(auth, 'guess-1@example.test');
    await wrong(auth, 'guess-2@example.test');
    await auth.signIn({ email: ADA, password: PASSWORD, organizationId: null }, '203.0.113.7');
    expect((await wrong(auth, 'guess-3@example.test')).code).toBe('UNAUTHENTICATED');
    expect((await wrong(auth, 'guess-4@example.test')).details.limitedBy).toBe('ADDRESS');
  });

  it('counts an IPv6 client by its /64', async () => {
    const auth = authWith({ addressFreeFailures: 2 });
    await wrong(auth, 'guess-1@example.test', '2001:db8:1:2::a');
    await wrong(auth, 'guess-2@example.test', '2001:db8:1:2:ffff::b');
    expect((await wrong(auth, 'guess-3@example.test', '2001:0db8:0001:0002:1:2:3:4')).details.limitedBy).toBe('ADDRESS');
    expect((await wrong(auth, 'guess-4@example.test', '2001:db8:1:3::a')).code).toBe('UNAUTHENTICATED');
  });

  it('charges a sign-up refused as taken to the client address', async () => {
    const auth = authWith({ addressFreeFailures: 2 });
    const signUp = (email: string) => rejection(auth.signUp({ email, password: PASSWORD, name: 'Probe' }, '192.0.2.9'));
    expect((await signUp(ADA)).code).toBe('CONFLICT');
    expect((await signUp(ADA)).code).toBe('CONFLICT');
    expect((await signUp('new@example.test')).details).toEqual({ retryAfterSeconds: 10, limitedBy: 'ADDRESS' });
    expect((await wrong(auth, 'guess@example.test', '192.0.2.9')).code).toBe('RATE_LIMITED');
  });
});

describe('addressKeyOf', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6 and shortens IPv6 to its /64', () => {
    expect(addressKeyOf('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKeyOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKeyOf('2001:0db8:0000:0000:abcd::1')).toBe('2001:db8:0:0::/64');
    expect(addressKeyOf('::1')).toBe('0:0:0:0::/64');
  });
});
