import { MemoryEventBus, type EventBus } from './bus.ts';
import { NatsEventBus } from './nats-bus.ts';
import { RedisEventBus } from './redis-bus.ts';

/**
 * PLAZA_EVENT_BUS picks the bus: `memory` (default; one process, the outboxes are the log),
 * `redis` (Redis Streams at REDIS_URL, default redis://127.0.0.1:6379) or `nats` (JetStream at
 * NATS_URL, default nats://127.0.0.1:4222).
 */
export function eventBusFromEnv(env: NodeJS.ProcessEnv = process.env): EventBus {
  switch (env.PLAZA_EVENT_BUS ?? 'memory') {
    case 'memory':
      return new MemoryEventBus();
    case 'redis':
      return new RedisEventBus({ url: env.REDIS_URL ?? 'redis://127.0.0.1:6379', stream: env.PLAZA_EVENT_STREAM });
    case 'nats':
      return new NatsEventBus({ url: env.NATS_URL ?? 'nats://127.0.0.1:4222', stream: env.PLAZA_EVENT_STREAM });
    default:
      throw new Error(`PLAZA_EVENT_BUS must be memory, redis or nats; got "${env.PLAZA_EVENT_BUS}"`);
  }
}
