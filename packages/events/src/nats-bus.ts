import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { parseEvent, type DomainEvent } from './catalog.ts';
import type { EventBus, EventHandler } from './bus.ts';

export interface NatsEventBusOptions {
  url: string;
  /** Stream name. Default PLAZA_EVENTS. */
  stream?: string;
  /** Subjects are `<prefix>.<event type>`. Default `plaza.events`; streams must not share subjects. */
  subjectPrefix?: string;
  /** Delete the stream on close: for tests that need a bus of their own. */
  ephemeral?: boolean;
}

/**
 * NATS JetStream: one stream, one durable pull consumer per consuming service (delivering all
 * retained events to a new consumer). Publishing sets the event id as the message id, so a
 * relay that republishes after a crash is de-duplicated by JetStream within its window.
 */
export class NatsEventBus implements EventBus {
  readonly kind = 'nats';
  private readonly stream: string;
  private readonly prefix: string;
  private connection?: Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }>;
  private readonly consumers: ConsumerMessages[] = [];

  constructor(private readonly options: NatsEventBusOptions) {
    this.stream = options.stream ?? 'PLAZA_EVENTS';
    this.prefix = options.subjectPrefix ?? 'plaza.events';
  }

  private connect() {
    this.connection ??= (async () => {
      const nc = await connect({ servers: this.options.url });
      const jsm = await jetstreamManager(nc);
      try {
        await jsm.streams.info(this.stream);
      } catch {
        await jsm.streams.add({ name: this.stream, subjects: [`${this.prefix}.>`] });
      }
      return { nc, jsm, js: jetstream(nc) };
    })();
    return this.connection;
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const { js } = await this.connect();
    for (const event of events) {
      await js.publish(`${this.prefix}.${event.type}`, JSON.stringify(event), { msgID: event.id });
    }
  }

  async subscribe(group: string, handler: EventHandler) {
    const { js, jsm } = await this.connect();
    try {
      await jsm.consumers.info(this.stream, group);
    } catch {
      await jsm.consumers.add(this.stream, { durable_name: group, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    }
    const consumer = await js.consumers.get(this.stream, group);
    const messages = await consumer.consume();
    this.consumers.push(messages);
    const loop = (async () => {
      for await (const message of messages) {
        try {
          await handler(parseEvent(message.json()));
          message.ack();
        } catch {
          message.nak(500);
        }
      }
    })();
    return {
      close: async () => {
        await messages.close();
        await loop.catch(() => {});
      },
    };
  }

  async close(): Promise<void> {
    for (const messages of this.consumers) await messages.close().catch(() => {});
    if (!this.connection) return;
    const { nc, jsm } = await this.connection;
    if (this.options.ephemeral) await jsm.streams.delete(this.stream).catch(() => {});
    await nc.drain();
  }
}
