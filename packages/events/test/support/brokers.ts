import { randomUUID } from 'node:crypto';
import { NatsEventBus, RedisEventBus, type EventBus } from '../../src/index.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export const unique = () => randomUUID().replaceAll('-', '').slice(0, 12);

/** Redelivery timing for tests: the brokers' defaults (seconds) are far too slow for a test run. */
export interface TestTuning {
  /** Redis visibility timeout / NATS ack wait, ms. */
  redeliverAfterMs?: number;
  maxDeliveries?: number;
  retryDelayMs?: number;
}

/** Where a test bus lives: enough for a second bus instance, a child process or the CLI to find it. */
export type TestBusLocation =
  { kind: 'redis'; url: string; stream: string } | { kind: 'nats'; url: string; stream: string; subjectPrefix: string };

export function newLocation(kind: 'redis' | 'nats'): TestBusLocation {
  const id = unique();
  return kind === 'redis'
    ? { kind, url: REDIS_URL, stream: `plaza:test:${id}` }
    : { kind, url: NATS_URL, stream: `PLAZA_TEST_${id}`, subjectPrefix: `plaza.test.${id}` };
}

/** A bus at `location`; `ephemeral` ones delete their streams on close. */
export function busAt(
  location: TestBusLocation,
  tuning: TestTuning = {},
  extra: { ephemeral?: boolean; consumerName?: string; retireConsumersAfterMs?: number } = {},
): EventBus {
  if (location.kind === 'redis') {
    return new RedisEventBus({
      url: location.url,
      stream: location.stream,
      blockMs: 100,
      visibilityTimeoutMs: tuning.redeliverAfterMs,
      maxDeliveries: tuning.maxDeliveries,
      retryDelayMs: tuning.retryDelayMs,
      consumerName: extra.consumerName,
      retireConsumersAfterMs: extra.retireConsumersAfterMs,
      ephemeral: extra.ephemeral,
    });
  }
  return new NatsEventBus({
    url: location.url,
    stream: location.stream,
    subjectPrefix: location.subjectPrefix,
    ackWaitMs: tuning.redeliverAfterMs,
    maxDeliveries: tuning.maxDeliveries,
    retryDelayMs: tuning.retryDelayMs,
    ephemeral: extra.ephemeral,
  });
}

/** The dead-letter CLI's flags for the bus at `location`. */
export function cliFlags(location: TestBusLocation): string[] {
  return location.kind === 'redis'
    ? ['--bus', 'redis', '--url', location.url, '--stream', location.stream]
    : ['--bus', 'nats', '--url', location.url, '--stream', location.stream, '--subject-prefix', location.subjectPrefix];
}
