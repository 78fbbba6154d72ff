import { MemoryEventBus, type EventBus } from './bus.ts';
import { NatsEventBus } from './nats-bus.ts';
import { RedisEventBus } from './redis-bus.ts';

/** The messaging part of a process's configuration (see @plaza/config's messagingSettings). */
export interface EventBusSettings {
  PLAZA_EVENT_BUS: 'memory' | 'redis' | 'nats';
  PLAZA_EVENT_STREAM?: string;
  /** This process's stable name among the members of its consumer groups (Redis); default the host name. */
  PLAZA_INSTANCE_ID?: string;
  /** How long a delivered event may stay unacknowledged before another member gets it (Redis visibility timeout, NATS ack wait). */
  PLAZA_EVENT_REDELIVER_AFTER_MS?: number;
  /** Deliveries of one event to one group before it goes to the dead letters. */
  PLAZA_EVENT_MAX_DELIVERIES?: number;
  REDIS_URL: string;
  NATS_URL: string;
}

/**
 * The configured bus: `memory` (one process; the outboxes are the log, and every event must
 * reach `consumerGroups`), `redis` (Redis Streams) or `nats` (JetStream) for separate processes.
 */
export function createEventBus(settings: EventBusSettings, consumerGroups: readonly string[]): EventBus {
  switch (settings.PLAZA_EVENT_BUS) {
    case 'memory':
      return new MemoryEventBus(consumerGroups);
    case 'redis':
      return new RedisEventBus({
        url: settings.REDIS_URL,
        stream: settings.PLAZA_EVENT_STREAM,
        consumerName: settings.PLAZA_INSTANCE_ID,
        visibilityTimeoutMs: settings.PLAZA_EVENT_REDELIVER_AFTER_MS,
        maxDeliveries: settings.PLAZA_EVENT_MAX_DELIVERIES,
      });
    case 'nats':
      return new NatsEventBus({
        url: settings.NATS_URL,
        stream: settings.PLAZA_EVENT_STREAM,
        ackWaitMs: settings.PLAZA_EVENT_REDELIVER_AFTER_MS,
        maxDeliveries: settings.PLAZA_EVENT_MAX_DELIVERIES,
      });
  }
}
