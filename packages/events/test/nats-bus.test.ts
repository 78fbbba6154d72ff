import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NatsDeadLetterStore, NatsEventBus, createEventBus } from '../src/index.ts';
import { NATS_URL, unique } from './support/brokers.ts';
import { followedEvent } from './support/events.ts';

// What only JetStream needs: durable consumers created by older code, and messages whose last
// delivery ended without a verdict, which the server reports in an advisory.
let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

async function setUp() {
  const id = unique();
  const location = { url: NATS_URL, stream: `PLAZA_TEST_${id}`, subjectPrefix: `plaza.test.${id}` };
  const nc: NatsConnection = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  cleanup.push(() => nc.drain());
  const bus = (options: Partial<ConstructorParameters<typeof NatsEventBus>[0]> = {}) => {
    const created = new NatsEventBus({ ...location, ephemeral: true, ...options });
    cleanup.push(() => created.close());
    return created;
  };
  return { location, nc, jsm, js: jetstream(nc), bus };
}

describe('NATS JetStream bus', () => {
  it('updates a durable consumer created by older code to its ack wait and max deliveries', async () => {
    const { location, jsm, bus } = await setUp();
    const publisher = bus();
    await publisher.publish([followedEvent(1)]);
    await jsm.consumers.add(location.stream, { durable_name: 'legacy', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    expect((await jsm.consumers.info(location.stream, 'legacy')).config).toMatchObject({ ack_wait: nanos(30_000), max_deliver: -1 });

    const handled: string[] = [];
    await bus({ ackWaitMs: 700, maxDeliveries: 4 }).subscribe('legacy', async (event) => void handled.push(event.id));
    expect((await jsm.consumers.info(location.stream, 'legacy')).config).toMatchObject({ ack_wait: nanos(700), max_deliver: 4 });
    await vi.waitFor(() => expect(handled).toEqual([followedEvent(1).id]));
  });

  it('refuses a durable consumer that does not acknowledge explicitly, saying what to do', async () => {
    const { location, jsm, bus } = await setUp();
    const subscriber = bus();
    await subscriber.publish([followedEvent(1)]);
    await jsm.consumers.add(location.stream, {
      durable_name: 'fire-and-forget',
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      deliver_subject: `inbox.${unique()}`,
    });
    await expect(subscriber.subscribe('fire-and-forget', async () => {})).rejects.toThrow(
      'JetStream consumer fire-and-forget on stream ' +
        location.stream +
        ' must acknowledge explicitly (ack_policy "explicit"); it has "none"',
    );
  });

  it("records a message whose last delivery ended without a verdict, from the server's advisory, and replays it", async () => {
    const { location, js, bus } = await setUp();
    const publisher = bus({ ackWaitMs: 200, maxDeliveries: 2 });
    await publisher.publish([followedEvent(1)]);
    // The bus's consumer, held by a member that dies twice while handling the message.
    const handled: string[] = [];
    const subscription = await publisher.subscribe('ledger', async (event) => void handled.push(event.id));
    await vi.waitFor(() => expect(handled).toHaveLength(1));
    await subscription.close();
    await publisher.publish([followedEvent(2)]);
    const consumer = await js.consumers.get(location.stream, 'ledger');
    for (let delivery = 1; delivery <= 2; delivery++) {
      const messages = await consumer.fetch({ max_messages: 1, expires: 2_000 });
      for await (const message of messages) expect(message.info.deliveryCount).toBe(delivery); // and no ack
    }

    // The server gives up on it when a member next pulls: here, the restarted one.
    await publisher.subscribe('ledger', async (event) => void handled.push(event.id));
    const store = new NatsDeadLetterStore(location);
    cleanup.push(() => store.close());
    await vi.waitFor(async () => expect(await store.list()).toHaveLength(1), { timeout: 5_000 });
    expect(handled).toEqual([followedEvent(1).id]);
    const [deadLetter] = await store.list();
    expect(deadLetter).toMatchObject({ group: 'ledger', eventId: followedEvent(2).id, type: 'community.user.followed', deliveries: 2 });
    expect(deadLetter!.lastError).toContain('without a verdict');

    await store.replay(deadLetter!.key);
    await vi.waitFor(() => expect(handled).toEqual([followedEvent(1).id, followedEvent(2).id]));
    expect(await store.list()).toEqual([]);
  });

  // Two deployments on one NATS differ only in PLAZA_EVENT_STREAM: the stream's name alone must
  // give it subjects of its own, or JetStream refuses the second stream (subjects overlap).
  it('gives a stream named only by PLAZA_EVENT_STREAM subjects of its own', async () => {
    const streams = [`PLAZA_TEST_${unique()}`, `PLAZA_TEST_${unique()}`];
    const buses = streams.map((stream) =>
      createEventBus({ PLAZA_EVENT_BUS: 'nats', PLAZA_EVENT_STREAM: stream, NATS_URL, REDIS_URL: '' }, []),
    );
    const handled = streams.map(() => [] as string[]);
    try {
      await Promise.all(buses.map((bus, index) => bus.subscribe('ledger', async (event) => void handled[index]!.push(event.id))));
      await buses[0]!.publish([followedEvent(1)]);
      await buses[1]!.publish([followedEvent(2), followedEvent(3)]);
      await vi.waitFor(() => expect(handled).toEqual([[followedEvent(1).id], [followedEvent(2).id, followedEvent(3).id]]));
    } finally {
      const nc = await connect({ servers: NATS_URL });
      const jsm = await jetstreamManager(nc);
      await Promise.all(buses.map((bus) => bus.close()));
      for (const stream of streams) await jsm.streams.delete(stream).catch(() => undefined);
      await nc.drain();
    }
  });
});
