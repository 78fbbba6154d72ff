import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimiter, type RateLimitStore } from '@plaza/subgraph-kit';

/** When sign-in attempts start to wait, and how long. */
export interface SignInPolicy {
  /** Wrong passwords in a row for one email before it waits. */
  accountFreeFailures: number;
  /** Failed sign-ins (and sign-ups refused as taken) from one client address per day before it waits. */
  addressFreeFailures: number;
  /** The first wait; each further failure doubles it. */
  firstDelaySeconds: number;
  /** The longest wait. */
  maxDelaySeconds: number;
}

/**
 * The counters behind the sign-in rule (AuthService), kept by rate-limiter-flexible: in this
 * process's memory, or in Redis when several identity processes must share them.
 */
export interface SignInLimits {
  policy: SignInPolicy;
  /** Failed sign-ins in a row per email; a success deletes it, else it is forgotten a day after the first. */
  accountFailures: RateLimiterAbstract;
  /** Failed attempts per client address, per day from the first. */
  addressFailures: RateLimiterAbstract;
  /** Waits in force, keyed `account:<email>` or `address:<address>`, each expiring when it ends. */
  blocks: RateLimiterAbstract;
}

const DAY_SECONDS = 86_400;

/** Counters in memory (one process), or in Redis under `<prefix>:sign-in:…` (shared by processes). */
export function createSignInLimits(policy: SignInPolicy, store: RateLimitStore | null = null): SignInLimits {
  const limiter = (name: string, points: number, duration: number) => rateLimiter(store, `sign-in:${name}`, points, duration);
  return {
    policy,
    accountFailures: limiter('account-failures', policy.accountFreeFailures, DAY_SECONDS),
    addressFailures: limiter('address-failures', policy.addressFreeFailures, DAY_SECONDS),
    // Only ever set with block(), which gives each entry its own lifetime.
    blocks: limiter('blocks', 1, DAY_SECONDS),
  };
}
