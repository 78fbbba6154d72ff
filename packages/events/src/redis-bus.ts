import { Redis } from 'ioredis';
import { parseEvent, type DomainEvent } from './catalog.ts';
import type { EventBus, EventHandler } from './bus.ts';

export interface RedisEventBusOptions {
  url: string;
  /** Stream key. Default `plaza:events`. */
  stream?: string;
  /** Approximate cap on retained entries (XADD MAXLEN ~). Default 1,000,000. */
  maxLength?: number;
  /** This process's name inside a consumer group. Default: host + pid. */
  consumerName?: string;
  /** How long one XREADGROUP blocks, ms. Default 1,000 (also the shutdown latency). */
  blockMs?: number;
  /** Delete the stream on close: for tests that need a bus of their own. */
  ephemeral?: boolean;
}

/**
 * Redis Streams: one stream, one consumer group per consuming service. A new group starts at
 * the beginning of the stream, so events published before it first subscribed are delivered;
 * entries are acknowledged only after the handler succeeds, and this member's own pending
 * entries (from a crash) are retried first on start.
 */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis';
  private readonly redis: Redis;
  private readonly stream: string;
  private readonly subscriptions = new Set<{ close(): Promise<void> }>();

  constructor(private readonly options: RedisEventBusOptions) {
    this.redis = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.stream = options.stream ?? 'plaza:events';
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (!events.length) return;
    const pipeline = this.redis.pipeline();
    for (const event of events) {
      pipeline.xadd(this.stream, 'MAXLEN', '~', String(this.options.maxLength ?? 1_000_000), '*', 'event', JSON.stringify(event));
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async subscribe(group: string, handler: EventHandler) {
    try {
      await this.redis.xgroup('CREATE', this.stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    const reader = this.redis.duplicate();
    // Each subscription is its own member of the group, so two in one process share the work.
    const consumer = `${this.options.consumerName ?? `${process.env.HOSTNAME ?? 'local'}-${process.pid}`}-${this.subscriptions.size}`;
    let running = true;
    const loop = (async () => {
      let cursor = '0'; // own pending entries first, then new ones ('>')
      while (running) {
        const reply = (await reader
          .xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'BLOCK', this.options.blockMs ?? 1000, 'STREAMS', this.stream, cursor)
          .catch((error) => (running ? Promise.reject(error) : null))) as [string, [string, string[]][]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (cursor === '0' && entries.length === 0) cursor = '>';
        for (const [id, fields] of entries) {
          const raw = fields[fields.indexOf('event') + 1];
          try {
            await handler(parseEvent(JSON.parse(raw!)));
            await reader.xack(this.stream, group, id);
          } catch {
            // Left pending: redelivered from this member's pending list on the next pass.
            cursor = '0';
            await new Promise((resolve) => setTimeout(resolve, 500));
            break;
          }
        }
      }
    })();
    const subscription = {
      close: async () => {
        running = false;
        this.subscriptions.delete(subscription);
        reader.disconnect();
        await loop.catch(() => {});
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.options.ephemeral) await this.redis.del(this.stream);
    await this.redis.quit();
  }
}
