import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import { describeEvent, noVerdictError, type DeadLetter } from './dead-letter.ts';

/**
 * How Plaza lays out its JetStream streams, shared by the bus (which writes them) and the
 * dead-letter store (which operators use to read and replay them).
 *
 * Events are published on `<prefix>.<event type>` with the event id as message id; a replay
 * carries the header `Plaza-Replay-Group` (the one group that should handle it; others
 * acknowledge it unhandled). The dead-letter stream `<stream>_DEAD` holds two kinds of message:
 * - on `<prefix>_dead.<group>`, what a member wrote when the handler failed on the last allowed
 *   delivery: JSON `{ event, group, error, deliveries, source, deadAt }`, `event` being the
 *   event's JSON and `source` its sequence in the main stream;
 * - on `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<group>`, the server's advisory for
 *   a message whose last allowed delivery ended without a verdict (its member stopped, or
 *   overran the ack wait), sent when a member of the group next pulls; the stream captures it,
 *   so even that case is not dropped silently. The event itself is read from the main stream.
 */
export const DEFAULT_NATS_STREAM = 'PLAZA_EVENTS';
const DEFAULT_SUBJECT_PREFIX = 'plaza.events';
export const REPLAY_GROUP_HEADER = 'Plaza-Replay-Group';

/**
 * Subjects of a stream's events when none are configured: `plaza.events` for the default stream,
 * `<stream>.events` for any other. JetStream refuses two streams whose subjects overlap, so two
 * deployments on one NATS (`PLAZA_EVENT_STREAM`) need subjects of their own, not just a name.
 */
export const subjectPrefixOf = (stream: string) => (stream === DEFAULT_NATS_STREAM ? DEFAULT_SUBJECT_PREFIX : `${stream}.events`);
export const deadLetterStreamOf = (stream: string) => `${stream}_DEAD`;
export const deadLetterSubjectPrefixOf = (subjectPrefix: string) => `${subjectPrefix}_dead`;
const maxDeliveriesAdvisoryPrefix = (stream: string) => `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}`;

export interface NatsDeadLetterRecord {
  event: string;
  group: string;
  error: string;
  deliveries: number;
  source: number;
  deadAt: string;
}

export interface NatsStreamNames {
  stream: string;
  subjectPrefix: string;
  deadLetterStream: string;
  deadLetterSubjectPrefix: string;
}

/** Creates the main and dead-letter streams unless they exist (their settings are left as found). */
export async function ensureStreams(jsm: JetStreamManager, names: NatsStreamNames): Promise<void> {
  await ensureStream(jsm, names.stream, [`${names.subjectPrefix}.>`]);
  await ensureStream(jsm, names.deadLetterStream, [`${names.deadLetterSubjectPrefix}.>`, `${maxDeliveriesAdvisoryPrefix(names.stream)}.*`]);
}

async function ensureStream(jsm: JetStreamManager, name: string, subjects: string[]) {
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if (!isNotFound(error, JetStreamApiCodes.StreamNotFound)) throw error;
    await jsm.streams.add({ name, subjects });
  }
}

export function isNotFound(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

/** A message of the dead-letter stream as a dead letter; `sourceEvent` fetches an advisory's event from the main stream. */
export async function deadLetterOfMessage(
  message: { seq: number; subject: string; data: Uint8Array; time: Date },
  stream: string,
  sourceEvent: (sequence: number) => Promise<string | undefined>,
): Promise<DeadLetter> {
  const key = String(message.seq);
  const body = parseJson(new TextDecoder().decode(message.data));
  if (message.subject.startsWith(`${maxDeliveriesAdvisoryPrefix(stream)}.`)) {
    const deliveries = Number(body.deliveries ?? 0);
    const event = typeof body.stream_seq === 'number' ? await sourceEvent(body.stream_seq) : undefined;
    return {
      key,
      group: typeof body.consumer === 'string' ? body.consumer : message.subject.slice(maxDeliveriesAdvisoryPrefix(stream).length + 1),
      ...describeEvent(event),
      deliveries,
      lastError: noVerdictError(deliveries),
      deadAt: typeof body.timestamp === 'string' ? new Date(body.timestamp).toISOString() : message.time.toISOString(),
      event,
    };
  }
  const event = typeof body.event === 'string' ? body.event : undefined;
  return {
    key,
    group: typeof body.group === 'string' ? body.group : '',
    ...describeEvent(event),
    deliveries: Number(body.deliveries ?? 0),
    lastError: typeof body.error === 'string' ? body.error : '',
    deadAt: typeof body.deadAt === 'string' ? body.deadAt : message.time.toISOString(),
    event,
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
