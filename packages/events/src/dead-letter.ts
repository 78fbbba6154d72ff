/**
 * An event a consumer group gave up on: its handler failed on the last allowed delivery, or the
 * deliveries ran out without a verdict (a member stopped, or overran the visibility timeout /
 * ack wait, while handling it). The main stream has acknowledged it for that group only.
 */
export interface DeadLetter {
  /** Its key in the dead-letter store (a Redis entry id, a JetStream sequence): what `replay` takes. */
  key: string;
  group: string;
  /** Undefined when the event is no longer retained or its JSON cannot be read. */
  eventId: string | undefined;
  type: string | undefined;
  /** Deliveries to the group, counting those cut short by a crash. */
  deliveries: number;
  lastError: string;
  /** ISO-8601 UTC. */
  deadAt: string;
  /** The event's JSON as it was published; undefined when the broker no longer retains it. */
  event: string | undefined;
}

export interface DeadLetterFilter {
  /** Only this consumer group's dead letters. Default: every group's. */
  group?: string;
}

export interface DeadLetterListOptions extends DeadLetterFilter {
  /** At most this many, oldest first. Default 100. */
  limit?: number;
}

/** Where a bus keeps dead letters, for operators: list them, and replay them once the cause is fixed. */
export interface DeadLetterStore {
  /** Oldest first. */
  list(options?: DeadLetterListOptions): Promise<DeadLetter[]>;
  /**
   * Publishes the event again on the main stream, addressed to the dead letter's group only
   * (other groups acknowledge it unhandled), then removes the dead letter. If the process stops
   * in between, the dead letter stays and a second replay delivers the event twice to a group
   * that de-duplicates it.
   */
  replay(key: string): Promise<DeadLetter>;
  /**
   * Replays every dead letter (of one group) there is when called, oldest first, going on past
   * those that cannot be replayed (their event is no longer retained).
   */
  replayAll(options?: DeadLetterFilter): Promise<ReplayAllResult>;
  close(): Promise<void>;
}

export interface ReplayAllResult {
  replayed: DeadLetter[];
  failed: { key: string; error: string }[];
}

/** `replayAll` in terms of `list` and `replay`: a snapshot first, so letters that die again meanwhile wait for the next call. */
export async function replayEach(store: Pick<DeadLetterStore, 'list' | 'replay'>, filter: DeadLetterFilter): Promise<ReplayAllResult> {
  const result: ReplayAllResult = { replayed: [], failed: [] };
  for (const { key } of await store.list({ ...filter, limit: Number.POSITIVE_INFINITY })) {
    try {
      result.replayed.push(await store.replay(key));
    } catch (error) {
      result.failed.push({ key, error: errorText(error) });
    }
  }
  return result;
}

/** The id and type of a published event's JSON, without validating the rest (it may be why it died). */
export function describeEvent(json: string | undefined): { eventId: string | undefined; type: string | undefined } {
  if (json === undefined) return { eventId: undefined, type: undefined };
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null) return { eventId: undefined, type: undefined };
    const { id, type } = parsed as { id?: unknown; type?: unknown };
    return { eventId: typeof id === 'string' ? id : undefined, type: typeof type === 'string' ? type : undefined };
  } catch {
    return { eventId: undefined, type: undefined };
  }
}

/** A handler's failure as one line for a dead letter, capped so a huge message cannot bloat the store. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

/** Why a dead letter has no handler error: its last allowed delivery ended with neither an ack nor a failure. */
export function noVerdictError(deliveries: number): string {
  return `Delivered ${deliveries} times without success, the last time without a verdict: a member stopped, or overran the visibility timeout / ack wait, while handling it`;
}
