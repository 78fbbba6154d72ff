import { describeEvent, type DeadLetter } from './dead-letter.ts';

/**
 * How Plaza lays out its Redis streams, shared by the bus (which writes them) and the dead-letter
 * store (which operators use to read and replay them).
 *
 * Main stream entry: `event` (the event's JSON) and, on a replay, `replay-group` (the one group
 * that should handle it; others acknowledge it unhandled). Dead-letter entry: `event`, `group`,
 * `error`, `deliveries`, `source` (the entry id on the main stream) and `dead-at` (ISO-8601).
 */
export const DEFAULT_REDIS_STREAM = 'plaza:events';
export const DEFAULT_REDIS_MAX_LENGTH = 1_000_000;
export const EVENT_FIELD = 'event';
export const REPLAY_GROUP_FIELD = 'replay-group';

export const deadLetterStreamOf = (stream: string) => `${stream}:dead`;

/** An entry's flat `[field, value, …]` list as a map (Redis returns null fields for a trimmed entry). */
export function fieldsOf(flat: readonly string[] | null | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  if (!flat) return fields;
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!);
  return fields;
}

export interface RedisDeadLetterRecord {
  event: string | undefined;
  group: string;
  error: string;
  deliveries: number;
  source: string;
  deadAt: string;
}

export function deadLetterFields(record: RedisDeadLetterRecord): string[] {
  return [
    ...(record.event === undefined ? [] : [EVENT_FIELD, record.event]),
    'group',
    record.group,
    'error',
    record.error,
    'deliveries',
    String(record.deliveries),
    'source',
    record.source,
    'dead-at',
    record.deadAt,
  ];
}

export function deadLetterOfEntry(key: string, flat: readonly string[] | null | undefined): DeadLetter {
  const fields = fieldsOf(flat);
  const event = fields.get(EVENT_FIELD);
  return {
    key,
    group: fields.get('group') ?? '',
    ...describeEvent(event),
    deliveries: Number(fields.get('deliveries') ?? 0),
    lastError: fields.get('error') ?? '',
    deadAt: fields.get('dead-at') ?? new Date(Number(key.split('-')[0])).toISOString(),
    event,
  };
}
