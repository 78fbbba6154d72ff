import type { DomainEvent } from './catalog.ts';

export type EventHandler = (event: DomainEvent) => Promise<void>;

/** How far a consumer group is behind its bus. */
export interface ConsumerLag {
  /** Events delivered to a member of the group and not acknowledged yet (in flight, failed, or held by a stopped member). */
  pending: number;
  /** Events on the bus the group has not been given yet. */
  undelivered: number;
}

/**
 * Carries domain events from producers' outbox relays to consumer groups, at least once.
 * - `publish` resolves once the bus holds the events durably (or, in process, once every
 *   declared group handled them); the relay marks outbox rows published only then.
 * - `subscribe(group, …)` delivers to one member of the group each event the group has not
 *   acknowledged, including those published while no member ran; a handler that throws leaves
 *   the event unacknowledged for redelivery. Handlers must be idempotent (use the event id).
 */
export interface EventBus {
  readonly kind: 'memory' | 'redis' | 'nats';
  publish(events: readonly DomainEvent[]): Promise<void>;
  subscribe(group: string, handler: EventHandler): Promise<{ close(): Promise<void> }>;
  /**
   * The group's backlog on the bus. A group that never subscribed has nothing pending and
   * everything the bus retains undelivered, since it will start from the beginning.
   */
  consumerLag(group: string): Promise<ConsumerLag>;
  close(): Promise<void>;
}

/** The bus could not take the events because a consumer group that must receive them has no subscriber. */
export class UndeliveredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliveredError';
  }
}

export interface ConsumerGroupFailure {
  group: string;
  eventId: string;
  error: unknown;
}

/** In process: one or more groups' handlers threw, so the publish failed and the relay will retry the events. */
export class ConsumerGroupError extends Error {
  constructor(readonly failures: readonly ConsumerGroupFailure[]) {
    super(
      `Consumer group handlers failed, the events stay in the outbox for a retry: ${failures
        .map(({ group, eventId, error }) => `${group} on event ${eventId} (${error instanceof Error ? error.message : String(error)})`)
        .join('; ')}`,
      { cause: failures[0]?.error },
    );
    this.name = 'ConsumerGroupError';
  }
}

/**
 * The embedded default: one process, no broker. It keeps nothing itself — the producers'
 * outbox tables are the durable log. `publish` hands the events to every declared group and
 * resolves only once all of them handled all events, so the relay marks rows published only
 * after every group committed them, and a crash of the process at any point leaves the rows to
 * be published again on start. An event stays unpublished in its outbox while a consumer is
 * stopped and is delivered when it subscribes again.
 *
 * A group whose handler throws stops at that event (its later events are not handed to it out
 * of order), while the other groups still get the whole batch; the publish then fails and the
 * relay retries the batch for every group, which de-duplicate what they already applied.
 *
 * There is no dead-letter store, and none is needed: the outbox is the log. An event that keeps
 * failing stays unpublished in its outbox and is retried on every relay pass until it succeeds,
 * holding back the events after it — the in-process bus's way of making the failure visible.
 */
export class MemoryEventBus implements EventBus {
  readonly kind = 'memory';
  private readonly handlers = new Map<string, EventHandler>();

  /** @param groups consumer groups that must handle every event: those of supergraph.yaml in the stack. */
  constructor(private readonly groups: readonly string[]) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    // A stopped group is an expected, possibly long state: refuse before handing anything out,
    // rather than re-running every other group's handlers on each relay pass meanwhile.
    const missing = this.groups.filter((group) => !this.handlers.has(group));
    if (missing.length) throw new UndeliveredError(`No subscriber for consumer group(s) ${missing.join(', ')}`);
    const failures: ConsumerGroupFailure[] = [];
    const unsubscribed: string[] = [];
    for (const group of this.groups) {
      // Looked up per group: a subscription closed during this publish must not count as delivered.
      const handler = this.handlers.get(group);
      if (!handler) {
        unsubscribed.push(group);
        continue;
      }
      for (const event of events) {
        try {
          await handler(event);
        } catch (error) {
          failures.push({ group, eventId: event.id, error });
          break;
        }
      }
    }
    if (failures.length) throw new ConsumerGroupError(failures);
    if (unsubscribed.length) throw new UndeliveredError(`Consumer group(s) ${unsubscribed.join(', ')} unsubscribed during the publish`);
  }

  async subscribe(group: string, handler: EventHandler) {
    if (this.handlers.has(group))
      throw new Error(`Consumer group ${group} already has a subscriber in this process; one per group is allowed on the in-process bus`);
    this.handlers.set(group, handler);
    return {
      close: async () => {
        if (this.handlers.get(group) === handler) this.handlers.delete(group);
      },
    };
  }

  /** Always zeros: nothing waits in this bus; the backlog is the outbox's unpublished rows. */
  async consumerLag(_group: string): Promise<ConsumerLag> {
    return { pending: 0, undelivered: 0 };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
