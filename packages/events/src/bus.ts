import type { DomainEvent } from './catalog.ts';

export type EventHandler = (event: DomainEvent) => Promise<void>;

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
  close(): Promise<void>;
}

export class UndeliveredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliveredError';
  }
}

/**
 * The embedded default: one process, no broker. It keeps nothing itself — the producers'
 * outbox tables are the durable log. `publish` hands each event to every declared group and
 * fails unless all of them handled it, so an event stays unpublished in its outbox while a
 * consumer is stopped and is delivered when it subscribes again.
 */
export class MemoryEventBus implements EventBus {
  readonly kind = 'memory';
  private readonly handlers = new Map<string, EventHandler>();

  /** @param groups consumer groups that must handle every event (default: ['notifications', 'community']). */
  constructor(private readonly groups: readonly string[] = ['notifications', 'community']) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const missing = this.groups.filter((group) => !this.handlers.has(group));
    if (missing.length) throw new UndeliveredError(`No subscriber for consumer group(s) ${missing.join(', ')}`);
    for (const event of events) {
      for (const group of this.groups) await this.handlers.get(group)!(event);
    }
  }

  async subscribe(group: string, handler: EventHandler) {
    if (this.handlers.has(group)) throw new Error(`Consumer group ${group} already has a subscriber in this process`);
    this.handlers.set(group, handler);
    return {
      close: async () => {
        if (this.handlers.get(group) === handler) this.handlers.delete(group);
      },
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
