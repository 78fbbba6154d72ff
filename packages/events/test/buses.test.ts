import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsumerGroupError, MemoryEventBus, UndeliveredError, type EventBus } from '../src/index.ts';
import { busAt, newLocation } from './support/brokers.ts';
import { followedEvent } from './support/events.ts';

async function waitFor(condition: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const brokers: [string, 'redis' | 'nats'][] = [
  ['Redis Streams', 'redis'],
  ['NATS JetStream', 'nats'],
];

let open: EventBus[] = [];
afterEach(async () => {
  await Promise.all(open.map((bus) => bus.close()));
  open = [];
});

describe.each(brokers)('%s bus', (_name, kind) => {
  const createBus = () => busAt(newLocation(kind), {}, { ephemeral: true });

  it('delivers events published before the consumer group existed, each once per group', async () => {
    const bus = createBus();
    open.push(bus);
    const events = Array.from({ length: 100 }, (_, n) => followedEvent(n));
    await bus.publish(events);

    const seen = { notifications: [] as string[], analytics: [] as string[] };
    await bus.subscribe('notifications', async (event) => void seen.notifications.push(event.id));
    await bus.subscribe('analytics', async (event) => void seen.analytics.push(event.id));
    await waitFor(() => seen.notifications.length >= 100 && seen.analytics.length >= 100);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(seen.notifications).toEqual(events.map((event) => event.id));
    expect(seen.analytics).toHaveLength(100);
  });

  it('redelivers an event whose handler failed, and validates what it delivers', async () => {
    const bus = createBus();
    open.push(bus);
    await bus.publish([followedEvent(1), followedEvent(2)]);
    const handled: string[] = [];
    let failures = 0;
    await bus.subscribe('flaky', async (event) => {
      if (event.id === followedEvent(1).id && failures++ < 2) throw new Error('temporary failure');
      handled.push(event.id);
      expect(event.payload).toEqual({ followerId: 'user-a', followeeId: expect.stringMatching(/^user-/) });
    });
    await waitFor(() => new Set(handled).size === 2);
    expect(failures).toBe(3);
  });

  it('shares one group between two members: each event handled by one of them', async () => {
    const publisher = createBus();
    open.push(publisher);
    const group: string[] = [];
    await publisher.subscribe('workers', async (event) => void group.push(`a:${event.id}`));
    await publisher.subscribe('workers', async (event) => void group.push(`b:${event.id}`)).catch(() => undefined);
    await publisher.publish(Array.from({ length: 20 }, (_, n) => followedEvent(n)));
    await waitFor(() => group.length >= 20);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(new Set(group.map((entry) => entry.slice(2))).size).toBe(20);
    expect(group).toHaveLength(20);
  });
  it('keeps a message whose handler outlasts the redelivery timeout from being handled again', async () => {
    const location = newLocation(kind);
    const tuning = { redeliverAfterMs: 300 };
    const first = busAt(location, tuning, { ephemeral: true, consumerName: 'slot-1' });
    const second = busAt(location, tuning, { consumerName: 'slot-2' });
    open.push(second, first);
    const handled: string[] = [];
    const slow = async (event: { id: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      handled.push(event.id);
    };
    await first.subscribe('ledger', slow);
    await second.subscribe('ledger', slow);
    await first.publish([followedEvent(1)]);
    await vi.waitFor(() => expect(handled).toHaveLength(1), { timeout: 5_000 });
    await vi.waitFor(async () => expect(await first.consumerLag('ledger')).toEqual({ pending: 0, undelivered: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a redelivery would have been handled by now
    expect(handled).toHaveLength(1);
  });

  it("reports a group's lag: undelivered before it subscribes, pending while its handler holds them, none once handled", async () => {
    const bus = createBus();
    open.push(bus);
    await bus.publish(Array.from({ length: 6 }, (_, n) => followedEvent(n)));
    expect(await bus.consumerLag('reporting')).toEqual({ pending: 0, undelivered: 6 });

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    await bus.subscribe('reporting', async (event) => {
      await held;
      handled.push(event.id);
    });
    await vi.waitFor(async () => expect((await bus.consumerLag('reporting')).pending).toBeGreaterThanOrEqual(1));
    const holding = await bus.consumerLag('reporting');
    expect(holding.pending + holding.undelivered).toBe(6);

    release();
    await vi.waitFor(async () => expect(await bus.consumerLag('reporting')).toEqual({ pending: 0, undelivered: 0 }));
    expect(handled).toHaveLength(6);
    expect(await bus.consumerLag('other')).toEqual({ pending: 0, undelivered: 6 });
  });
});

describe('in-process bus', () => {
  it('refuses to publish while a declared consumer group has no subscriber, so the outbox keeps the event', async () => {
    const bus = new MemoryEventBus(['notifications']);
    await expect(bus.publish([followedEvent(1)])).rejects.toBeInstanceOf(UndeliveredError);
    const handled: string[] = [];
    const subscription = await bus.subscribe('notifications', async (event) => void handled.push(event.id));
    await bus.publish([followedEvent(1)]);
    expect(handled).toEqual([followedEvent(1).id]);
    await subscription.close();
    await expect(bus.publish([followedEvent(2)])).rejects.toBeInstanceOf(UndeliveredError);
  });

  it('fails the publish when a handler fails, so the relay retries', async () => {
    const bus = new MemoryEventBus(['notifications']);
    await bus.subscribe('notifications', async () => {
      throw new Error('ingest failed');
    });
    await expect(bus.publish([followedEvent(1)])).rejects.toThrow('ingest failed');
  });

  it('resolves only once every group handled every event; a failing group keeps neither the others from the batch nor itself from the retry', async () => {
    const bus = new MemoryEventBus(['ledger', 'audit']);
    const applied = { ledger: new Set<string>(), audit: new Set<string>() };
    const handlings = { ledger: 0, audit: 0 };
    let ledgerFailures = 0;
    await bus.subscribe('ledger', async (event) => {
      handlings.ledger++;
      if (event.id === followedEvent(2).id && ledgerFailures++ < 1) throw new Error('ledger database unavailable');
      applied.ledger.add(event.id);
    });
    await bus.subscribe('audit', async (event) => {
      handlings.audit++;
      applied.audit.add(event.id);
    });
    const batch = [followedEvent(1), followedEvent(2), followedEvent(3)];

    const failed = await bus.publish(batch).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConsumerGroupError);
    expect((failed as ConsumerGroupError).failures.map(({ group, eventId }) => ({ group, eventId }))).toEqual([
      { group: 'ledger', eventId: followedEvent(2).id },
    ]);
    expect((failed as Error).message).toContain('ledger database unavailable');
    // The ledger stopped at its failure, in order; the audit got the whole batch regardless.
    expect([...applied.ledger]).toEqual([followedEvent(1).id]);
    expect([...applied.audit]).toEqual(batch.map((event) => event.id));

    // The relay's retry goes to every group again; idempotent handlers absorb the repeats.
    await bus.publish(batch);
    expect([...applied.ledger].sort()).toEqual(batch.map((event) => event.id).sort());
    expect(applied.audit.size).toBe(3);
    expect(handlings).toEqual({ ledger: 2 + 3, audit: 3 + 3 });
    expect(await bus.consumerLag('ledger')).toEqual({ pending: 0, undelivered: 0 });
  });
});
