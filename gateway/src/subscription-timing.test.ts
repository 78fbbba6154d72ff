import { describe, expect, it } from 'vitest';
import { subscriptionTimingFromEnv } from './subscription-timing.ts';

describe('subscription timing from the environment', () => {
  it('leaves the defaults to the gateway when unset or empty', () => {
    expect(subscriptionTimingFromEnv({})).toEqual({ revalidateMs: undefined, membershipGraceMs: undefined });
    expect(subscriptionTimingFromEnv({ PLAZA_SUBSCRIPTION_RECHECK_MS: ' ' })).toEqual({ revalidateMs: undefined, membershipGraceMs: undefined });
  });

  it('reads both intervals in milliseconds', () => {
    expect(subscriptionTimingFromEnv({ PLAZA_SUBSCRIPTION_RECHECK_MS: '10000', PLAZA_SUBSCRIPTION_GRACE_MS: '60000' })).toEqual({
      revalidateMs: 10_000,
      membershipGraceMs: 60_000,
    });
  });

  it('refuses what is not a positive whole number, naming the variable', () => {
    for (const bad of ['30s', '0', '-5', '1.5']) {
      expect(() => subscriptionTimingFromEnv({ PLAZA_SUBSCRIPTION_GRACE_MS: bad })).toThrow(`PLAZA_SUBSCRIPTION_GRACE_MS must be a positive whole number of milliseconds; got "${bad}"`);
    }
  });
});
