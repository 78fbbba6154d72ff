import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryEventBus, NatsEventBus, RedisEventBus, UndeliveredError, type DomainEvent, type EventBus } from '../src/index.ts';

const unique = () => randomUUID().replaceAll('-', '').slice(0, 12);

function followedEvent(n: number): DomainEvent {
  return {
    id: `0190b000-0000-7000-8000-${n.toString().padStart(12, '0')}`,
    type: 'community.user.followed',
    organizationId: 'org-1',
    actorId: 'user-a',
    subject: { type: 'User', id: 'user-b' },
    payload: { followerId: 'user-a', followeeId: `user-${n}` },
    occurredAt: new Date().toISOString(),
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const brokers: [string, () => EventBus][] = [
  ['Redis Streams', () => new RedisEventBus({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', stream: `plaza:test:${unique()}`, ephemeral: true, blockMs: 100 })],
  ['NATS JetStream', () => {
    const id = unique();
    return new NatsEventBus({ url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', stream: `PLAZA_TEST_${id}`, subjectPrefix: `plaza.test.${id}`, ephemeral: true });
  }],
];

let open: EventBus[] = [];
afterEach(async () => {
  await Promise.all(open.map((bus) => bus.close()));
  open = [];
});

describe.each(brokers)('%s bus', (_name, createBus) => {
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
});
