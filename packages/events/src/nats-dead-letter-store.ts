import { JetStreamApiCodes, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import {
  replayEach,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterListOptions,
  type DeadLetterStore,
  type ReplayAllResult,
} from './dead-letter.ts';
import {
  DEFAULT_NATS_STREAM,
  subjectPrefixOf,
  REPLAY_GROUP_HEADER,
  deadLetterOfMessage,
  deadLetterStreamOf,
  isNotFound,
} from './nats-streams.ts';

export interface NatsDeadLetterStoreOptions {
  url: string;
  /** The bus's main stream. Default PLAZA_EVENTS. */
  stream?: string;
  /** The bus's subject prefix, where replays are published. Default as the bus: `plaza.events` on the default stream, else `<stream>.events`. */
  subjectPrefix?: string;
  /** Default `<stream>_DEAD`, as the bus names it. */
  deadLetterStream?: string;
}

/** Dead letters of a NatsEventBus: messages of the `<stream>_DEAD` stream. */
export class NatsDeadLetterStore implements DeadLetterStore {
  private readonly stream: string;
  private readonly subjectPrefix: string;
  private readonly deadLetterStream: string;
  private connection?: Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }>;

  constructor(private readonly options: NatsDeadLetterStoreOptions) {
    this.stream = options.stream ?? DEFAULT_NATS_STREAM;
    this.subjectPrefix = options.subjectPrefix ?? subjectPrefixOf(this.stream);
    this.deadLetterStream = options.deadLetterStream ?? deadLetterStreamOf(this.stream);
  }

  private connect() {
    this.connection ??= (async () => {
      const nc = await connect({ servers: this.options.url });
      return { nc, js: jetstream(nc), jsm: await jetstreamManager(nc) };
    })();
    return this.connection;
  }

  async list(options: DeadLetterListOptions = {}): Promise<DeadLetter[]> {
    const { jsm } = await this.connect();
    const limit = options.limit ?? 100;
    let state;
    try {
      ({ state } = await jsm.streams.info(this.deadLetterStream));
    } catch (error) {
      if (isNotFound(error, JetStreamApiCodes.StreamNotFound)) return [];
      throw error;
    }
    const found: DeadLetter[] = [];
    // Sequence by sequence: replayed letters leave gaps, and the store is expected to stay small.
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0 && found.length < limit; seq++) {
      const deadLetter = await this.read(seq);
      if (deadLetter && (options.group === undefined || deadLetter.group === options.group)) found.push(deadLetter);
    }
    return found;
  }

  private async read(seq: number): Promise<DeadLetter | undefined> {
    const { jsm } = await this.connect();
    const message = await jsm.streams.getMessage(this.deadLetterStream, { seq });
    if (!message) return undefined;
    return deadLetterOfMessage(message, this.stream, async (sourceSeq) => {
      const source = await jsm.streams.getMessage(this.stream, { seq: sourceSeq }).catch(() => null);
      return source ? new TextDecoder().decode(source.data) : undefined;
    });
  }

  async replay(key: string): Promise<DeadLetter> {
    const { js, jsm } = await this.connect();
    const seq = Number(key);
    const deadLetter = Number.isSafeInteger(seq) && seq > 0 ? await this.read(seq) : undefined;
    if (!deadLetter)
      throw new Error(
        `No dead letter ${key} in JetStream stream ${this.deadLetterStream}; keys are its sequence numbers, list them to see those there are`,
      );
    if (deadLetter.event === undefined || deadLetter.type === undefined) {
      throw new Error(
        `Dead letter ${key} in ${this.deadLetterStream} has no event to replay: the main stream ${this.stream} no longer retains it, or its JSON has no type`,
      );
    }
    const replayHeaders = headers();
    replayHeaders.set(REPLAY_GROUP_HEADER, deadLetter.group);
    // Its own message id: the event's id would be taken for a duplicate within JetStream's window,
    // and a second replay of this letter (after a crash before the delete) is de-duplicated.
    await js.publish(`${this.subjectPrefix}.${deadLetter.type}`, deadLetter.event, {
      msgID: `replay:${this.deadLetterStream}:${key}`,
      headers: replayHeaders,
    });
    await jsm.streams.deleteMessage(this.deadLetterStream, seq);
    return deadLetter;
  }

  replayAll(options: DeadLetterFilter = {}): Promise<ReplayAllResult> {
    return replayEach(this, options);
  }

  async close(): Promise<void> {
    if (!this.connection) return;
    const { nc } = await this.connection;
    await nc.drain();
  }
}
