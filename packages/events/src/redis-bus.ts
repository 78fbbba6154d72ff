import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { ConsumerLag, EventBus, EventHandler } from './bus.ts';
import { parseEvent, type DomainEvent } from './catalog.ts';
import { errorText, noVerdictError } from './dead-letter.ts';
import {
  DEFAULT_REDIS_MAX_LENGTH,
  DEFAULT_REDIS_STREAM,
  EVENT_FIELD,
  REPLAY_GROUP_FIELD,
  deadLetterFields,
  deadLetterStreamOf,
  fieldsOf,
} from './redis-streams.ts';

export interface RedisEventBusOptions {
  url: string;
  /** Stream key. Default `plaza:events`. */
  stream?: string;
  /** Approximate cap on retained entries (XADD MAXLEN ~), of the stream and of its dead letters. Default 1,000,000. */
  maxLength?: number;
  /**
   * This instance's name inside each consumer group (the process passes PLAZA_INSTANCE_ID).
   * A restarted instance with the same name resumes its own pending entries at once.
   * Default: the host name, without the pid, so a restarted container or VM keeps its name.
   * (Where the host name changes with each start, as a Deployment's pod name does, the old
   * member's entries are claimed after `visibilityTimeoutMs` and the old name retired later.)
   * Two processes on one host need distinct names: sharing one, they act as a single member,
   * and each re-handles the other's in-flight entries whenever it retries its own (duplicates
   * the handlers absorb, but which count as deliveries towards `maxDeliveries`).
   */
  consumerName?: string;
  /** How long one XREADGROUP blocks, ms. Default 1,000. */
  blockMs?: number;
  /** Entries read, claimed or retried per round trip. Default 100. */
  batchSize?: number;
  /**
   * An entry unacknowledged and untouched this long is taken over (XAUTOCLAIM) by a live member:
   * how long a crashed member's entries wait. A live member keeps claiming the entries of the
   * batch it works through (every half of this), so a slow handler or a long batch is not taken
   * from it; a member stalled longer than this (a long GC pause, a blocked event loop) may see
   * its entry handled by another as well. Checked every half of it. Default 30,000 ms.
   */
  visibilityTimeoutMs?: number;
  /** After a handler failed, how long its member waits before retrying its failed entries. Default 1,000 ms. */
  retryDelayMs?: number;
  /**
   * Deliveries to a group after which a failing event goes to the dead-letter stream (and is
   * acknowledged on the main stream). Deliveries cut short by a crash count too, and an entry
   * that comes back after this many without a verdict is dead-lettered without running the
   * handler, so an event that kills its consumer cannot crash it forever. Default 5.
   */
  maxDeliveries?: number;
  /** Members idle this long with nothing pending are deleted from the group (XGROUP DELCONSUMER). Default 3,600,000 ms (1 h). */
  retireConsumersAfterMs?: number;
  /** Default `<stream>:dead`: see RedisDeadLetterStore for reading and replaying it. */
  deadLetterStream?: string;
  /** Reports errors of the Redis connection while consuming (the member retries after `retryDelayMs`). Default: console.warn. */
  onError?: (error: unknown) => void;
  /** Delete the stream and its dead letters on close: for tests that need a bus of their own. */
  ephemeral?: boolean;
}

type Resolved = Required<Omit<RedisEventBusOptions, 'ephemeral'>>;
type Entry = [id: string, fields: string[] | null];
interface Delivery {
  id: string;
  fields: string[] | null;
  /** This delivery's number, counting the first: XPENDING's delivery count. */
  deliveries: number;
}

/**
 * Redis Streams: one stream, one consumer group per consuming service. A new group starts at
 * the beginning of the stream, so events published before it first subscribed are delivered;
 * entries are acknowledged only after the handler succeeded.
 *
 * Nothing is lost to a crash: a restarted member (same `consumerName`) handles its own pending
 * entries first, and every member periodically claims entries that stayed unacknowledged for
 * `visibilityTimeoutMs` under any member, so a member that never comes back is covered too.
 * Members gone for `retireConsumersAfterMs` with nothing pending are removed from the group.
 * An event whose handler keeps failing ends in `<stream>:dead` after `maxDeliveries`.
 */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis';
  private readonly redis: Redis;
  private readonly settings: Resolved;
  private readonly members = new Set<RedisGroupMember>();

  constructor(private readonly options: RedisEventBusOptions) {
    const stream = options.stream ?? DEFAULT_REDIS_STREAM;
    this.settings = {
      url: options.url,
      stream,
      maxLength: positive('maxLength', options.maxLength ?? DEFAULT_REDIS_MAX_LENGTH),
      consumerName: options.consumerName ?? hostname(),
      blockMs: positive('blockMs', options.blockMs ?? 1_000),
      batchSize: positive('batchSize', options.batchSize ?? 100),
      visibilityTimeoutMs: positive('visibilityTimeoutMs', options.visibilityTimeoutMs ?? 30_000),
      retryDelayMs: positive('retryDelayMs', options.retryDelayMs ?? 1_000),
      maxDeliveries: positive('maxDeliveries', options.maxDeliveries ?? 5),
      retireConsumersAfterMs: positive('retireConsumersAfterMs', options.retireConsumersAfterMs ?? 3_600_000),
      deadLetterStream: options.deadLetterStream ?? deadLetterStreamOf(stream),
      onError: options.onError ?? ((error) => console.warn(`Redis event bus (stream ${stream}): ${errorText(error)}; retrying`)),
    };
    if (!this.settings.consumerName) throw new Error('RedisEventBus consumerName must be a non-empty string; got ""');
    this.redis = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (!events.length) return;
    const pipeline = this.redis.pipeline();
    for (const event of events) {
      pipeline.xadd(this.settings.stream, 'MAXLEN', '~', String(this.settings.maxLength), '*', EVENT_FIELD, JSON.stringify(event));
    }
    const results = await pipeline.exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  async subscribe(group: string, handler: EventHandler) {
    await createGroup(this.redis, this.settings.stream, group);
    const name = this.freeMemberName(group);
    const member = new RedisGroupMember(this.redis.duplicate(), this.settings, group, name, handler);
    this.members.add(member);
    return {
      close: async () => {
        this.members.delete(member);
        await member.close();
      },
    };
  }

  /**
   * A second subscription to one group in this process is a member of its own, `<name>#2` and so
   * on: the lowest number free, so that a subscription closed and opened again (or the process
   * restarted) takes the same name back and resumes its pending entries at once.
   */
  private freeMemberName(group: string): string {
    const taken = new Set([...this.members].filter((member) => member.group === group).map((member) => member.name));
    for (let ordinal = 1; ; ordinal++) {
      const name = ordinal === 1 ? this.settings.consumerName : `${this.settings.consumerName}#${ordinal}`;
      if (!taken.has(name)) return name;
    }
  }

  /** From XINFO GROUPS: `pending` is the group's PEL size, `undelivered` its lag. */
  async consumerLag(group: string): Promise<ConsumerLag> {
    const { stream } = this.settings;
    let groups: unknown[][];
    try {
      groups = (await this.redis.xinfo('GROUPS', stream)) as unknown[][];
    } catch (error) {
      if (String(error).includes('no such key')) return { pending: 0, undelivered: 0 };
      throw error;
    }
    const info = groups.map(replyFields).find((fields) => fields.get('name') === group);
    if (!info) return { pending: 0, undelivered: await this.redis.xlen(stream) };
    const pending = Number(info.get('pending') ?? 0);
    const lag = info.get('lag');
    // Redis reports no lag when it cannot tell (entries deleted in the middle of the stream): count.
    return {
      pending,
      undelivered: lag === undefined || lag === '' ? await this.countAfter(info.get('last-delivered-id') ?? '0-0') : Number(lag),
    };
  }

  private async countAfter(id: string): Promise<number> {
    let count = 0;
    let start = `(${id}`;
    for (;;) {
      const page = (await this.redis.xrange(this.settings.stream, start, '+', 'COUNT', 1_000)) as Entry[];
      count += page.length;
      const last = page.at(-1);
      if (!last || page.length < 1_000) return count;
      start = `(${last[0]}`;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.members].map((member) => member.close()));
    this.members.clear();
    if (this.options.ephemeral) await this.redis.del(this.settings.stream, this.settings.deadLetterStream);
    await this.redis.quit();
  }
}

/** An XINFO reply's flat `[field, value, …]` list, values as strings ('' for nil). */
const replyFields = (flat: readonly unknown[]) =>
  fieldsOf(flat.map((value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '')));

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`RedisEventBus ${name} must be a positive whole number; got ${value}`);
  return value;
}

async function createGroup(redis: Redis, stream: string, group: string) {
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String(error).includes('BUSYGROUP')) throw error;
  }
}

// Atomic, so a member that reads new entries between the check and the delete cannot lose them
// from the pending list. A live member deleted while idle is recreated by its next read.
const RETIRE_CONSUMER = `
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local fields = {}
  for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
  if fields['name'] == ARGV[2] then
    if fields['pending'] == 0 and fields['idle'] >= tonumber(ARGV[3]) then
      return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2]) + 1
    end
    return 0
  end
end
return 0`;

/**
 * One member of a consumer group: a loop on its own connection that, in order of urgency,
 * claims entries abandoned by other members, retries its own failed entries, and reads new ones.
 */
class RedisGroupMember {
  private running = true;
  private readonly loop: Promise<void>;
  /** Where the sweep of this member's own pending entries is; null when no sweep is due. */
  private ownCursor: string | null = '0';
  private sweepAt = 0;
  private failedDuringSweep = false;
  private maintenanceAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly settings: Resolved,
    readonly group: string,
    readonly name: string,
    private readonly handler: EventHandler,
  ) {
    this.loop = this.run();
  }

  async close(): Promise<void> {
    this.running = false;
    // Interrupts a blocking read; an entry being handled stays pending and is redelivered.
    this.redis.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const now = Date.now();
        if (now >= this.maintenanceAt) {
          await this.claimAbandoned();
          await this.retireConsumers();
          this.maintenanceAt = Date.now() + Math.max(1, Math.floor(this.settings.visibilityTimeoutMs / 2));
        } else if (this.ownCursor !== null && now >= this.sweepAt) {
          await this.sweepOwnPending(this.ownCursor);
        } else {
          const nextDue = Math.min(this.maintenanceAt, this.ownCursor === null ? Number.POSITIVE_INFINITY : this.sweepAt);
          await this.readNew(Math.max(1, Math.min(this.settings.blockMs, nextDue - now)));
        }
      } catch (error) {
        if (!this.running) return;
        this.settings.onError(error);
        if (String(error).includes('NOGROUP')) await createGroup(this.redis, this.settings.stream, this.group).catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, this.settings.retryDelayMs));
      }
    }
  }

  private async readNew(blockMs: number) {
    const { stream, batchSize } = this.settings;
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      this.group,
      this.name,
      'COUNT',
      batchSize,
      'BLOCK',
      blockMs,
      'STREAMS',
      stream,
      '>',
    )) as [string, Entry[]][] | null;
    await this.handleBatch((reply?.[0]?.[1] ?? []).map(([id, fields]) => ({ id, fields, deliveries: 1 })));
  }

  /** Re-reads this member's pending entries from `cursor` on (which counts as a delivery) and handles them. */
  private async sweepOwnPending(cursor: string) {
    const { stream, batchSize, retryDelayMs } = this.settings;
    const reply = (await this.redis.xreadgroup('GROUP', this.group, this.name, 'COUNT', batchSize, 'STREAMS', stream, cursor)) as
      [string, Entry[]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    const last = entries.at(-1);
    if (!last) {
      this.ownCursor = this.failedDuringSweep ? '0' : null;
      this.sweepAt = Date.now() + retryDelayMs;
      this.failedDuringSweep = false;
      return;
    }
    this.ownCursor = last[0];
    await this.handleAll(entries);
  }

  /** Takes over entries left unacknowledged for the visibility timeout by any member, this one included. */
  private async claimAbandoned() {
    const { stream, batchSize, visibilityTimeoutMs } = this.settings;
    let cursor = '0-0';
    do {
      const [next, entries] = (await this.redis.xautoclaim(
        stream,
        this.group,
        this.name,
        visibilityTimeoutMs,
        cursor,
        'COUNT',
        batchSize,
      )) as [string, Entry[], string[]?];
      await this.handleAll(entries);
      cursor = next;
    } while (cursor !== '0-0' && this.running);
  }

  private async retireConsumers() {
    const { stream, retireConsumersAfterMs } = this.settings;
    const consumers = ((await this.redis.xinfo('CONSUMERS', stream, this.group)) as unknown[][]).map(replyFields);
    for (const consumer of consumers) {
      const name = consumer.get('name');
      if (
        name === undefined ||
        name === this.name ||
        consumer.get('pending') !== '0' ||
        Number(consumer.get('idle')) < retireConsumersAfterMs
      )
        continue;
      await this.redis.eval(RETIRE_CONSUMER, 1, stream, this.group, name, retireConsumersAfterMs);
    }
  }

  /** Handles entries now in this member's pending list, with their delivery counts from XPENDING. */
  private async handleAll(entries: readonly Entry[]) {
    if (!entries.length) return;
    const { stream } = this.settings;
    const pipeline = this.redis.pipeline();
    for (const [id] of entries) pipeline.xpending(stream, this.group, id, id, 1, this.name);
    const replies = (await pipeline.exec()) ?? [];
    const counted: Delivery[] = [];
    for (const [index, [id, fields]] of entries.entries()) {
      const pending = replies[index]?.[1] as [string, string, number, number][] | undefined;
      const deliveries = pending?.[0]?.[3];
      // Not pending under this member any more: another member claimed it meanwhile.
      if (deliveries !== undefined) counted.push({ id, fields, deliveries });
    }
    await this.handleBatch(counted);
  }

  /**
   * Handles a batch in order. Entries wait in the pending list while those before them are
   * handled; so that a long batch does not pass for abandoned, the rest of it is claimed again
   * (XCLAIM JUSTID: idle time reset, delivery count kept) every half visibility timeout, and only
   * entries still this member's are handled.
   */
  private async handleBatch(batch: readonly Delivery[]) {
    const { stream, visibilityTimeoutMs } = this.settings;
    const refreshAfter = Math.floor(visibilityTimeoutMs / 2);
    let refreshedAt = Date.now();
    let owned: Set<string> | undefined;
    for (const [index, delivery] of batch.entries()) {
      if (!this.running) return;
      if (Date.now() - refreshedAt >= refreshAfter) {
        const rest = batch.slice(index).map(({ id }) => id);
        owned = new Set((await this.redis.xclaim(stream, this.group, this.name, refreshAfter, ...rest, 'JUSTID')) as string[]);
        refreshedAt = Date.now();
      }
      if (owned && !owned.has(delivery.id)) continue;
      await this.handle(delivery.id, delivery.fields, delivery.deliveries);
    }
  }

  private async handle(id: string, flat: string[] | null, deliveries: number) {
    const { stream, maxDeliveries } = this.settings;
    const fields = fieldsOf(flat);
    const raw = fields.get(EVENT_FIELD);
    const replayFor = fields.get(REPLAY_GROUP_FIELD);
    // Trimmed away (MAXLEN) before it was handled, or a replay addressed to another group.
    if (raw === undefined || (replayFor !== undefined && replayFor !== this.group)) {
      await this.redis.xack(stream, this.group, id);
      return;
    }
    if (deliveries > maxDeliveries) {
      await this.deadLetter(id, raw, deliveries - 1, noVerdictError(deliveries - 1));
      return;
    }
    try {
      await this.whileHandling(id, () => this.handler(parseEvent(JSON.parse(raw))));
    } catch (error) {
      if (deliveries >= maxDeliveries) await this.deadLetter(id, raw, deliveries, errorText(error));
      else this.retryLater();
      return;
    }
    await this.redis.xack(stream, this.group, id);
  }

  /** Keeps claiming the entry while its handler runs, so that only a dead member's entries pass for abandoned. */
  private async whileHandling(id: string, run: () => Promise<void>) {
    const { stream, visibilityTimeoutMs } = this.settings;
    const refreshAfter = Math.max(1, Math.floor(visibilityTimeoutMs / 2));
    const timer = setInterval(() => {
      this.redis.xclaim(stream, this.group, this.name, refreshAfter, id, 'JUSTID').catch(() => {});
    }, refreshAfter);
    try {
      await run();
    } finally {
      clearInterval(timer);
    }
  }

  private retryLater() {
    if (this.ownCursor !== null) {
      this.failedDuringSweep = true;
      return;
    }
    this.ownCursor = '0';
    this.sweepAt = Date.now() + this.settings.retryDelayMs;
  }

  private async deadLetter(id: string, event: string, deliveries: number, error: string) {
    const { stream, deadLetterStream, maxLength } = this.settings;
    const fields = deadLetterFields({ event, group: this.group, error, deliveries, source: id, deadAt: new Date().toISOString() });
    const results = await this.redis
      .multi()
      .xadd(deadLetterStream, 'MAXLEN', '~', String(maxLength), '*', ...fields)
      .xack(stream, this.group, id)
      .exec();
    const failure = results?.find(([failure]) => failure)?.[0];
    if (failure) throw failure;
  }
}
