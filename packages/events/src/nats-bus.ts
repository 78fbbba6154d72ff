import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { ConsumerLag, EventBus, EventHandler } from './bus.ts';
import { parseEvent, type DomainEvent } from './catalog.ts';
import { errorText } from './dead-letter.ts';
import {
  DEFAULT_NATS_STREAM,
  subjectPrefixOf,
  REPLAY_GROUP_HEADER,
  deadLetterStreamOf,
  deadLetterSubjectPrefixOf,
  ensureStreams,
  isNotFound,
  type NatsDeadLetterRecord,
  type NatsStreamNames,
} from './nats-streams.ts';

export interface NatsEventBusOptions {
  url: string;
  /** Stream name. Default PLAZA_EVENTS. */
  stream?: string;
  /** Subjects are `<prefix>.<event type>`. Default `plaza.events` on the default stream, else `<stream>.events` (streams must not share subjects). */
  subjectPrefix?: string;
  /**
   * The consumers' `ack_wait`: a message delivered this long ago and not acknowledged is
   * redelivered, to any member: how long a crashed member's messages wait. A member signals
   * progress (`working()`) every half of it while a handler runs, so a slow handler keeps its
   * message; messages waiting in the member's buffer cannot be extended, so this must exceed
   * `batchSize` times the usual handler run. Default 30,000 ms.
   */
  ackWaitMs?: number;
  /** Messages a member pulls ahead of its handler (consume `max_messages`). Default 10. */
  batchSize?: number;
  /**
   * The consumers' `max_deliver`. A message whose handler fails on this delivery goes to the
   * dead-letter stream and is terminated; one whose last delivery ends without a verdict (a
   * crash, or the ack wait overrun) is recorded there by the server's advisory. Deliveries cut
   * short by a crash count too. Default 5.
   */
  maxDeliveries?: number;
  /** After a handler failed, the message is redelivered this much later (nak delay). Default 1,000 ms. */
  retryDelayMs?: number;
  /** Default `<stream>_DEAD`: see NatsDeadLetterStore for reading and replaying it. */
  deadLetterStream?: string;
  /** Subjects of dead letters are `<this>.<group>`. Default `<subjectPrefix>_dead`. */
  deadLetterSubjectPrefix?: string;
  /** Delete the stream and its dead letters on close: for tests that need a bus of their own. */
  ephemeral?: boolean;
}

/**
 * NATS JetStream: one stream, one durable pull consumer per consuming service (delivering all
 * retained events to a new consumer), with explicit acks. Publishing sets the event id as the
 * message id, so a relay that republishes after a crash is de-duplicated by JetStream within its
 * window. A crashed member's unacknowledged messages are redelivered after `ackWaitMs`; after
 * `maxDeliveries` a failing message ends in the dead-letter stream `<stream>_DEAD`.
 *
 * A durable consumer that exists with another `ack_wait` or `max_deliver` (created by older
 * code, or by a member with other options) is updated to this bus's: members of one group
 * should share these options, or the last one started wins.
 */
export class NatsEventBus implements EventBus {
  readonly kind = 'nats';
  private readonly names: NatsStreamNames;
  private readonly ackWaitMs: number;
  private readonly maxDeliveries: number;
  private readonly retryDelayMs: number;
  private readonly batchSize: number;
  private connection?: Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }>;
  private readonly consumers = new Set<ConsumerMessages>();

  constructor(private readonly options: NatsEventBusOptions) {
    const stream = options.stream ?? DEFAULT_NATS_STREAM;
    const subjectPrefix = options.subjectPrefix ?? subjectPrefixOf(stream);
    this.names = {
      stream,
      subjectPrefix,
      deadLetterStream: options.deadLetterStream ?? deadLetterStreamOf(stream),
      deadLetterSubjectPrefix: options.deadLetterSubjectPrefix ?? deadLetterSubjectPrefixOf(subjectPrefix),
    };
    this.ackWaitMs = positive('ackWaitMs', options.ackWaitMs ?? 30_000);
    this.maxDeliveries = positive('maxDeliveries', options.maxDeliveries ?? 5);
    this.retryDelayMs = positive('retryDelayMs', options.retryDelayMs ?? 1_000);
    this.batchSize = positive('batchSize', options.batchSize ?? 10);
  }

  private connect() {
    this.connection ??= (async () => {
      const nc = await connect({ servers: this.options.url });
      const jsm = await jetstreamManager(nc);
      await ensureStreams(jsm, this.names);
      return { nc, jsm, js: jetstream(nc) };
    })();
    return this.connection;
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const { js } = await this.connect();
    for (const event of events) {
      await js.publish(`${this.names.subjectPrefix}.${event.type}`, JSON.stringify(event), { msgID: event.id });
    }
  }

  async subscribe(group: string, handler: EventHandler) {
    const { js } = await this.connect();
    await this.ensureConsumer(group);
    const consumer = await js.consumers.get(this.names.stream, group);
    const messages = await consumer.consume({ max_messages: this.batchSize });
    this.consumers.add(messages);
    const loop = (async () => {
      for await (const message of messages) await this.handle(group, message, handler);
    })();
    return {
      close: async () => {
        this.consumers.delete(messages);
        await messages.close();
        await loop.catch(() => {});
      },
    };
  }

  private async ensureConsumer(group: string) {
    const { jsm } = await this.connect();
    const { stream } = this.names;
    const wanted = { ack_wait: nanos(this.ackWaitMs), max_deliver: this.maxDeliveries };
    for (let attempt = 1; ; attempt++) {
      let info;
      try {
        info = await jsm.consumers.info(stream, group);
      } catch (error) {
        if (!isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
        try {
          await jsm.consumers.add(stream, {
            durable_name: group,
            ack_policy: AckPolicy.Explicit,
            deliver_policy: DeliverPolicy.All,
            ...wanted,
          });
          return;
        } catch (addError) {
          // Another member created it meanwhile (possibly with other options): look again.
          if (attempt < 3) continue;
          throw addError;
        }
      }
      if (info.config.ack_policy !== AckPolicy.Explicit) {
        throw new Error(
          `JetStream consumer ${group} on stream ${stream} must acknowledge explicitly (ack_policy "explicit"); it has "${info.config.ack_policy}", which cannot be changed in place: delete the consumer to have it recreated`,
        );
      }
      if (info.config.ack_wait !== wanted.ack_wait || info.config.max_deliver !== wanted.max_deliver)
        await jsm.consumers.update(stream, group, wanted);
      return;
    }
  }

  private async handle(group: string, message: JsMsg, handler: EventHandler) {
    const replayFor = message.headers?.get(REPLAY_GROUP_HEADER);
    if (replayFor && replayFor !== group) {
      message.ack();
      return;
    }
    const progress = setInterval(() => message.working(), Math.max(1, Math.floor(this.ackWaitMs / 2)));
    try {
      await handler(parseEvent(message.json()));
    } catch (error) {
      const deliveries = message.info.deliveryCount;
      if (deliveries < this.maxDeliveries) message.nak(this.retryDelayMs);
      else await this.deadLetter(group, message, deliveries, error);
      return;
    } finally {
      clearInterval(progress);
    }
    message.ack();
  }

  private async deadLetter(group: string, message: JsMsg, deliveries: number, error: unknown) {
    const { js } = await this.connect();
    const record: NatsDeadLetterRecord = {
      event: message.string(),
      group,
      error: errorText(error),
      deliveries,
      source: message.seq,
      deadAt: new Date().toISOString(),
    };
    try {
      // Its own message id, so a member that crashes before the term and records it again is de-duplicated.
      await js.publish(`${this.names.deadLetterSubjectPrefix}.${group}`, JSON.stringify(record), { msgID: `dead:${group}:${message.seq}` });
    } catch {
      // Not recorded: leave it unacknowledged; the server's max-deliveries advisory records it.
      message.nak();
      return;
    }
    message.term(`dead-lettered to ${this.names.deadLetterStream} after ${deliveries} deliveries`);
  }

  /** From the consumer's info: `num_ack_pending` and `num_pending`. */
  async consumerLag(group: string): Promise<ConsumerLag> {
    const { jsm } = await this.connect();
    try {
      const info = await jsm.consumers.info(this.names.stream, group);
      return { pending: info.num_ack_pending, undelivered: info.num_pending };
    } catch (error) {
      if (!isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      const { state } = await jsm.streams.info(this.names.stream);
      return { pending: 0, undelivered: state.messages };
    }
  }

  async close(): Promise<void> {
    for (const messages of this.consumers) await messages.close().catch(() => {});
    this.consumers.clear();
    if (!this.connection) return;
    const { nc, jsm } = await this.connection;
    if (this.options.ephemeral) {
      await jsm.streams.delete(this.names.stream).catch(() => {});
      await jsm.streams.delete(this.names.deadLetterStream).catch(() => {});
    }
    await nc.drain();
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`NatsEventBus ${name} must be a positive whole number; got ${value}`);
  return value;
}
