import { isIPv6 } from 'node:net';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

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
export function createSignInLimits(policy: SignInPolicy, store: { redis: Redis; prefix: string } | null = null): SignInLimits {
  const limiter = (name: string, points: number, duration: number): RateLimiterAbstract => {
    const options = { keyPrefix: `${store?.prefix ?? 'plaza'}:sign-in:${name}`, points, duration };
    if (!store) return new RateLimiterMemory(options);
    // While Redis is unreachable the limits hold per process rather than not at all.
    return new RateLimiterRedis({ ...options, storeClient: store.redis, insuranceLimiter: new RateLimiterMemory(options) });
  };
  return {
    policy,
    accountFailures: limiter('account-failures', policy.accountFreeFailures, DAY_SECONDS),
    addressFailures: limiter('address-failures', policy.addressFreeFailures, DAY_SECONDS),
    // Only ever set with block(), which gives each entry its own lifetime.
    blocks: limiter('blocks', 1, DAY_SECONDS),
  };
}

/**
 * The key a client address is counted under: an IPv6 address by its /64, since one subscriber
 * is usually given a whole /64 and could otherwise change address for each attempt.
 */
export function addressKeyOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
