import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub, type PubSubEventTarget } from '@graphql-yoga/subscription';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { setMaxListeners } from 'node:events';

/**
 * Live updates for GraphQL subscriptions, routed by a key: a subgraph instance publishes after
 * its transaction commits, and every instance with a subscriber for that key receives it —
 * across processes when Redis or NATS carries it. Unlike domain events, these are fire-and-
 * forget: a subscriber that is not connected has nothing to miss.
 */
export type LiveTopics = Record<string, [routingKey: string, payload: Record<string, unknown>]>;

export interface LivePubSub<Topics extends LiveTopics = LiveTopics> {
  readonly kind: 'memory' | 'redis' | 'nats';
  pubsub: PubSub<Topics>;
  close(): Promise<void>;
}

/** An EventTarget over NATS core subjects (`<prefix>.<event type>`), for yoga's createPubSub. */
function createNatsEventTarget(nc: NatsConnection, prefix: string): PubSubEventTarget<LiveTopics> {
  const listeners = new Map<string, Set<EventListener>>();
  const subscriptions = new Map<string, Subscription>();
  const subjectOf = (type: string) => `${prefix}.${type.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return {
    addEventListener(type: string, listener: EventListener | null) {
      if (!listener) return;
      let set = listeners.get(type);
      if (!set) {
        set = new Set();
        listeners.set(type, set);
        const subscription = nc.subscribe(subjectOf(type), {
          callback: (error, message) => {
            if (error) return;
            const event = new CustomEvent(type, { detail: message.json() });
            for (const handler of listeners.get(type) ?? []) handler(event);
          },
        });
        subscriptions.set(type, subscription);
      }
      set.add(listener);
    },
    removeEventListener(type: string, listener: EventListener | null) {
      const set = listeners.get(type);
      if (!set || !listener) return;
      set.delete(listener);
      if (set.size === 0) {
        listeners.delete(type);
        subscriptions.get(type)?.unsubscribe();
        subscriptions.delete(type);
      }
    },
    dispatchEvent(event: Event) {
      nc.publish(subjectOf(event.type), JSON.stringify((event as CustomEvent).detail));
      return true;
    },
  };
}

export interface LivePubSubOptions {
  kind: 'memory' | 'redis' | 'nats';
  redisUrl?: string;
  natsUrl?: string;
  /** Prefix of channels/subjects (PLAZA_LIVE_PREFIX), so separate stacks on one broker never meet. Default `plaza`. */
  namespace?: string;
}

/**
 * The live transport: `memory` (one process), `redis` or `nats`. Processes that must see each
 * other's updates use the same transport and namespace.
 */
export async function createLivePubSub<Topics extends LiveTopics = LiveTopics>(options: LivePubSubOptions): Promise<LivePubSub<Topics>> {
  const { kind } = options;
  const namespace = options.namespace ?? 'plaza';
  if (kind === 'memory') {
    // Thousands of subscribers may wait on one topic; Node's EventTarget warns past 10 by default.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    return { kind, pubsub: createPubSub<Topics>({ eventTarget: eventTarget }), close: async () => {} };
  }
  // Redis channels and NATS subjects are shared by everyone on the broker: prefix the topics.
  const namespaced = (inner: PubSub<Topics>): PubSub<Topics> =>
    ({
      publish: (topic: string, ...args: unknown[]) => (inner.publish as (...a: unknown[]) => void)(`${namespace}.${topic}`, ...args),
      subscribe: (topic: string, ...args: unknown[]) => (inner.subscribe as (...a: unknown[]) => unknown)(`${namespace}.${topic}`, ...args),
    }) as PubSub<Topics>;
  if (kind === 'redis') {
    const url = options.redisUrl ?? 'redis://127.0.0.1:6379';
    const publishClient = new Redis(url);
    const subscribeClient = new Redis(url);
    const eventTarget = createRedisEventTarget({ publishClient, subscribeClient }) as PubSubEventTarget<Topics>;
    return {
      kind,
      pubsub: namespaced(createPubSub<Topics>({ eventTarget })),
      async close() {
        subscribeClient.disconnect();
        await publishClient.quit();
      },
    };
  }
  if (kind === 'nats') {
    const nc = await connect({ servers: options.natsUrl ?? 'nats://127.0.0.1:4222' });
    const eventTarget = createNatsEventTarget(nc, 'plaza.live') as unknown as PubSubEventTarget<Topics>;
    return { kind, pubsub: namespaced(createPubSub<Topics>({ eventTarget })), close: () => nc.drain() };
  }
  throw new Error(`Live pub/sub must be memory, redis or nats; got "${String(kind)}"`);
}
