import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Viewer } from '@plaza/auth';
import type { RateLimitStore } from '@plaza/subgraph-kit';

/** How much one user may hold open for subscriptions. */
export interface SubscriptionCaps {
  /** Subscriptions at once on one WebSocket (an event stream carries one). Default 20. */
  subscriptionsPerConnection: number;
  /** WebSockets and event streams one user holds open at once, over every gateway sharing the store. Default 10. */
  connectionsPerUser: number;
}

export const DEFAULT_SUBSCRIPTION_CAPS: SubscriptionCaps = { subscriptionsPerConnection: 20, connectionsPerUser: 10 };

/** A held connection slot; give it back when the connection closes (idempotent). */
export interface ConnectionSlot {
  release(): void;
}

export interface ConnectionCaps {
  readonly caps: SubscriptionCaps;
  /** Takes one of the user's connection slots, or throws RATE_LIMITED naming the cap. */
  acquire(userId: string): Promise<ConnectionSlot>;
  /** The error for one subscription too many on a connection. */
  subscriptionRefusal(open: number): GraphQLError;
  close(): void;
}

/** Whose connections these are: the user, else (a viewer without one) the client address. */
export const capKeyOf = (viewer: Viewer): string =>
  viewer.userId ? `user:${viewer.userId}` : `address:${viewer.clientAddress ?? 'unknown'}`;

const rateLimited = (message: string, cap: string, limit: number) =>
  new GraphQLError(message, { extensions: { code: 'RATE_LIMITED', cap, limit } });

/**
 * Counts each user's open connections: in memory (one gateway), or in a Redis sorted set per user
 * when the deployment's rate limits live in Redis, so the cap holds across gateway instances.
 * Each member is one connection, scored by when its lease ends; live connections renew their lease
 * every third of `leaseMs`, so the slots of a gateway that crashed free themselves.
 */
export function createConnectionCaps(caps: SubscriptionCaps, store: RateLimitStore | null, leaseMs = 60_000): ConnectionCaps {
  const refusal = (open: number) =>
    rateLimited(
      `Too many connections: a user may hold ${caps.connectionsPerUser} subscription connections open at once (${open} open); close one first`,
      'connectionsPerUser',
      caps.connectionsPerUser,
    );
  // While Redis does not answer, the cap holds per gateway rather than not at all.
  const counter = store
    ? redisCounter(store, caps.connectionsPerUser, leaseMs, memoryCounter(caps.connectionsPerUser))
    : memoryCounter(caps.connectionsPerUser);
  return {
    caps,
    async acquire(userId) {
      const id = randomUUID();
      const open = await counter.take(userId, id);
      if (open !== null) throw refusal(open);
      let held = true;
      return {
        release() {
          if (!held) return;
          held = false;
          counter.give(userId, id);
        },
      };
    },
    subscriptionRefusal: (open) =>
      rateLimited(
        `Too many subscriptions: one connection may carry ${caps.subscriptionsPerConnection} at once (${open} open); complete one or open another connection`,
        'subscriptionsPerConnection',
        caps.subscriptionsPerConnection,
      ),
    close: () => counter.close(),
  };
}

/** `take` resolves null when the slot is taken, or the number already open when the cap is reached. */
interface SlotCounter {
  take(userId: string, id: string): Promise<number | null>;
  give(userId: string, id: string): void;
  close(): void;
}

function memoryCounter(cap: number): SlotCounter {
  const open = new Map<string, Set<string>>();
  return {
    async take(userId, id) {
      const held = open.get(userId) ?? new Set<string>();
      if (held.size >= cap) return held.size;
      open.set(userId, held.add(id));
      return null;
    },
    give(userId, id) {
      const held = open.get(userId);
      held?.delete(id);
      if (held?.size === 0) open.delete(userId);
    },
    close() {},
  };
}

// KEYS[1] the user's set; ARGV: now, lease end, cap, member. Drops expired leases, then adds the
// member unless the cap is reached; answers -1 when added, else the number open.
const TAKE_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local open = redis.call('ZCARD', KEYS[1])
if open >= tonumber(ARGV[3]) then return open end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return -1`;

function redisCounter({ redis, prefix }: RateLimitStore, cap: number, leaseMs: number, insurance: SlotCounter): SlotCounter {
  const keyOf = (userId: string) => `${prefix}:gateway:connections:${userId}`;
  const held = new Map<string, string>(); // member → user id, for renewals
  const renew = setInterval(() => {
    if (held.size === 0) return;
    const until = Date.now() + leaseMs;
    const batch = redis.multi();
    for (const [id, userId] of held) batch.zadd(keyOf(userId), 'XX', until, id).pexpire(keyOf(userId), leaseMs);
    void batch.exec().catch(() => undefined);
  }, leaseMs / 3);
  renew.unref();
  return {
    async take(userId, id) {
      const now = Date.now();
      let open: number;
      try {
        open = (await redis.eval(TAKE_SLOT, 1, keyOf(userId), now, now + leaseMs, cap, id, leaseMs)) as number;
      } catch {
        return insurance.take(userId, id);
      }
      if (open >= 0) return open;
      held.set(id, userId);
      return null;
    },
    give(userId, id) {
      held.delete(id);
      insurance.give(userId, id);
      void redis.zrem(keyOf(userId), id).catch(() => undefined);
    },
    close() {
      clearInterval(renew);
    },
  };
}
