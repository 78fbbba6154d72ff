import { Redis } from 'ioredis';
import {
  replayEach,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterListOptions,
  type DeadLetterStore,
  type ReplayAllResult,
} from './dead-letter.ts';
import {
  DEFAULT_REDIS_MAX_LENGTH,
  DEFAULT_REDIS_STREAM,
  EVENT_FIELD,
  REPLAY_GROUP_FIELD,
  deadLetterOfEntry,
  deadLetterStreamOf,
} from './redis-streams.ts';

export interface RedisDeadLetterStoreOptions {
  url: string;
  /** The bus's main stream. Default `plaza:events`. */
  stream?: string;
  /** Default `<stream>:dead`, as the bus names it. */
  deadLetterStream?: string;
  /** Approximate cap on the main stream when a replay adds to it, as the bus's. Default 1,000,000. */
  maxLength?: number;
}

type Entry = [id: string, fields: string[] | null];

/** Dead letters of a RedisEventBus: entries of the `<stream>:dead` stream. */
export class RedisDeadLetterStore implements DeadLetterStore {
  private readonly redis: Redis;
  private readonly stream: string;
  private readonly deadLetterStream: string;
  /** The last connection failure: what a failed command reports instead of ioredis's retry count. */
  private connectionError: Error | undefined;

  constructor(private readonly options: RedisDeadLetterStoreOptions) {
    // An operator's tool: give up on an unreachable server after a few tries rather than wait.
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 1, retryStrategy: (attempt) => (attempt > 3 ? null : 200) });
    this.redis.on('error', (error: Error) => (this.connectionError = error));
    this.redis.on('ready', () => (this.connectionError = undefined));
    this.stream = options.stream ?? DEFAULT_REDIS_STREAM;
    this.deadLetterStream = options.deadLetterStream ?? deadLetterStreamOf(this.stream);
  }

  async list(options: DeadLetterListOptions = {}): Promise<DeadLetter[]> {
    const limit = options.limit ?? 100;
    const found: DeadLetter[] = [];
    let start = '-';
    while (found.length < limit) {
      const page = (await this.command(() => this.redis.xrange(this.deadLetterStream, start, '+', 'COUNT', 500))) as Entry[];
      for (const [id, fields] of page) {
        const deadLetter = deadLetterOfEntry(id, fields);
        if (options.group === undefined || deadLetter.group === options.group) found.push(deadLetter);
        if (found.length === limit) break;
      }
      const last = page.at(-1);
      if (!last || page.length < 500) break;
      start = `(${last[0]}`;
    }
    return found;
  }

  async replay(key: string): Promise<DeadLetter> {
    const [entry] = (await this.command(() => this.redis.xrange(this.deadLetterStream, key, key))) as Entry[];
    if (!entry) throw new Error(`No dead letter ${key} in Redis stream ${this.deadLetterStream}; list them to see the keys there are`);
    const deadLetter = deadLetterOfEntry(entry[0], entry[1]);
    const { event } = deadLetter;
    if (event === undefined)
      throw new Error(`Dead letter ${key} in ${this.deadLetterStream} holds no event to replay (fields: ${JSON.stringify(entry[1])})`);
    const maxLength = String(this.options.maxLength ?? DEFAULT_REDIS_MAX_LENGTH);
    const results = await this.command(() =>
      this.redis
        .multi()
        .xadd(this.stream, 'MAXLEN', '~', maxLength, '*', EVENT_FIELD, event, REPLAY_GROUP_FIELD, deadLetter.group)
        .xdel(this.deadLetterStream, key)
        .exec(),
    );
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
    return deadLetter;
  }

  replayAll(options: DeadLetterFilter = {}): Promise<ReplayAllResult> {
    return replayEach(this, options);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (this.connectionError) throw new Error(`Redis unreachable: ${this.connectionError.message}`, { cause: error });
      throw error;
    }
  }
}
