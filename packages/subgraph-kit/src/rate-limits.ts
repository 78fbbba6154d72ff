import { isIPv6 } from 'node:net';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Where counters live when several processes must share them. */
export interface RateLimitStore {
  redis: Redis;
  /** Key prefix on Redis: two deployments on one Redis keep apart (PLAZA_LIVE_PREFIX). */
  prefix: string;
}

/**
 * The store of a process's rate limits: Redis whenever the deployment already runs on Redis
 * (its event bus or live pub/sub), so every instance counts against the same budget; else none,
 * and counters stay in the process's memory (the one-process stack).
 */
export function rateLimitStoreOf(settings: {
  PLAZA_EVENT_BUS: string;
  PLAZA_PUBSUB: string;
  REDIS_URL: string;
  PLAZA_LIVE_PREFIX: string;
}): RateLimitStore | null {
  if (settings.PLAZA_EVENT_BUS !== 'redis' && settings.PLAZA_PUBSUB !== 'redis') return null;
  return { redis: new Redis(settings.REDIS_URL, { maxRetriesPerRequest: 1 }), prefix: settings.PLAZA_LIVE_PREFIX };
}

/**
 * A counter of rate-limiter-flexible: `points` per `durationSeconds` per key, in memory, or in
 * Redis under `<prefix>:<name>` — falling back to memory while Redis is unreachable, so the limits
 * hold per process rather than not at all.
 */
export function rateLimiter(store: RateLimitStore | null, name: string, points: number, durationSeconds: number): RateLimiterAbstract {
  const options = { keyPrefix: `${store?.prefix ?? 'plaza'}:${name}`, points, duration: durationSeconds };
  if (!store) return new RateLimiterMemory(options);
  return new RateLimiterRedis({ ...options, storeClient: store.redis, insuranceLimiter: new RateLimiterMemory(options) });
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
