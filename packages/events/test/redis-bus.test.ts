import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RedisDeadLetterStore, RedisEventBus } from '../src/index.ts';
import { REDIS_URL, unique } from './support/brokers.ts';
import { followedEvent } from './support/events.ts';

// What only Redis needs: member names that survive restarts, claiming a dead member's entries,
// retiring members, and dead-lettering entries whose deliveries ran out without a verdict.
let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

function setUp() {
  const stream = `plaza:test:${unique()}`;
  const redis = new Redis(REDIS_URL);
  cleanup.push(async () => {
    await redis.del(stream, `${stream}:dead`);
    await redis.quit();
  });
  const bus = (options: Partial<ConstructorParameters<typeof RedisEventBus>[0]> = {}) => {
    const created = new RedisEventBus({ url: REDIS_URL, stream, blockMs: 100, retryDelayMs: 50, ...options });
    cleanup.push(() => created.close());
    return created;
  };
  /** A member that read entries and died: they stay pending under its name. */
  const crashedMember = async (group: string, name: string, count: number) => {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch(() => {});
    await redis.xreadgroup('GROUP', group, name, 'COUNT', count, 'STREAMS', stream, '>');
  };
  const members = async (group: string) =>
    ((await redis.xinfo('CONSUMERS', stream, group)) as (string | number)[][]).map((fields) => ({ name: fields[1], pending: fields[3] }));
  return { stream, redis, bus, crashedMember, members };
}

describe('Redis Streams bus', () => {
  it('resumes its own pending entries at once when restarted under the same consumer name', async () => {
    const { bus, crashedMember, members } = setUp();
    await bus().publish(Array.from({ length: 10 }, (_, n) => followedEvent(n)));
    await crashedMember('ledger', 'slot-1', 10);

    // A visibility timeout far beyond the test: only the name can bring the entries back.
    const handled: string[] = [];
    await bus({ consumerName: 'slot-1', visibilityTimeoutMs: 600_000 }).subscribe('ledger', async (event) => void handled.push(event.id));
    await vi.waitFor(() => expect(handled).toHaveLength(10));
    expect(await members('ledger')).toEqual([{ name: 'slot-1', pending: 0 }]);
  });

  it("claims a vanished member's entries after the visibility timeout, then retires that member", async () => {
    const { bus, crashedMember, members } = setUp();
    await bus().publish(Array.from({ length: 10 }, (_, n) => followedEvent(n)));
    await crashedMember('ledger', 'gone-4711', 10);

    const handled: string[] = [];
    const startedAt = Date.now();
    await bus({ consumerName: 'slot-2', visibilityTimeoutMs: 300, retireConsumersAfterMs: 600 }).subscribe(
      'ledger',
      async (event) => void handled.push(event.id),
    );
    await vi.waitFor(() => expect(handled).toHaveLength(10));
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
    await vi.waitFor(async () => expect(await members('ledger')).toEqual([{ name: 'slot-2', pending: 0 }]), { timeout: 5_000 });
  });

  it('keeps a batch that takes longer than the visibility timeout from passing for abandoned', async () => {
    const { bus } = setUp();
    const handled: string[] = [];
    const slowly = async (event: { id: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      handled.push(event.id);
    };
    await bus({ consumerName: 'slot-a', visibilityTimeoutMs: 300 }).subscribe('ledger', slowly);
    await bus({ consumerName: 'slot-b', visibilityTimeoutMs: 300 }).subscribe('ledger', slowly);
    await bus().publish(Array.from({ length: 25 }, (_, n) => followedEvent(n))); // about 1 s of work for whoever reads it
    await vi.waitFor(() => expect(new Set(handled).size).toBe(25), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 400)); // a late duplicate would show by now
    expect(handled).toHaveLength(25);
  });

  it('names members after the host by default, and a subscription opened again takes its name back', async () => {
    const { bus, crashedMember } = setUp();
    // Far beyond the test: entries left under a name come back only to a member of that name.
    const shared = bus({ visibilityTimeoutMs: 600_000 });
    const handled: string[] = [];
    const handler = async (event: { id: string }) => void handled.push(event.id);
    await shared.publish(Array.from({ length: 5 }, (_, n) => followedEvent(n)));
    await crashedMember('ledger', hostname(), 5);

    const first = await shared.subscribe('ledger', handler);
    await vi.waitFor(() => expect(handled).toHaveLength(5));
    const second = await shared.subscribe('ledger', handler); // `<host>#2`
    await first.close();
    await second.close();

    await shared.publish(Array.from({ length: 5 }, (_, n) => followedEvent(100 + n)));
    await crashedMember('ledger', hostname(), 5);
    await shared.subscribe('ledger', handler);
    await vi.waitFor(() => expect(handled).toHaveLength(10));
  });

  it('dead-letters, without running the handler, an entry whose deliveries ran out without a verdict', async () => {
    const { stream, redis, bus, crashedMember } = setUp();
    await bus().publish([followedEvent(1)]);
    await crashedMember('ledger', 'crashing', 1);
    const [[id]] = (await redis.xrange(stream, '-', '+')) as [string, string[]][] as [[string, string[]]];
    // Three members in a row crashed while handling it.
    await redis.xclaim(stream, 'ledger', 'crashing', 0, id);
    await redis.xclaim(stream, 'ledger', 'crashing', 0, id);

    const attempts: string[] = [];
    await bus({ consumerName: 'slot-3', visibilityTimeoutMs: 200, maxDeliveries: 3 }).subscribe(
      'ledger',
      async (event) => void attempts.push(event.id),
    );
    const store = new RedisDeadLetterStore({ url: REDIS_URL, stream });
    cleanup.push(() => store.close());
    await vi.waitFor(async () => expect(await store.list()).toHaveLength(1));
    const [deadLetter] = await store.list();
    expect(deadLetter).toMatchObject({ group: 'ledger', eventId: followedEvent(1).id, deliveries: 3 });
    expect(deadLetter!.lastError).toContain('without a verdict');
    expect(attempts).toEqual([]);
  });

  it('refuses options it cannot work with, naming the option and the value', () => {
    expect(() => new RedisEventBus({ url: REDIS_URL, maxDeliveries: 0 })).toThrow(
      'RedisEventBus maxDeliveries must be a positive whole number; got 0',
    );
    expect(() => new RedisEventBus({ url: REDIS_URL, visibilityTimeoutMs: 1.5 })).toThrow(
      'RedisEventBus visibilityTimeoutMs must be a positive whole number; got 1.5',
    );
    expect(() => new RedisEventBus({ url: REDIS_URL, consumerName: '' })).toThrow('RedisEventBus consumerName must be a non-empty string');
  });
});
