import { recordEvent, type EventType, type NewEvent, type OutboxWriter } from '@plaza/events';
import type { Db } from '../db.ts';

/**
 * `recordEvent` with this subgraph's client or transaction. The cast is needed because
 * @plaza/events types its writer structurally (payload `unknown`), which Prisma's generated
 * `create` (payload `InputJsonValue`) does not accept; recordEvent parses the payload with the
 * catalog's zod schema first, so only JSON reaches Prisma.
 */
export function recordDomainEvent<Type extends EventType>(tx: Db, event: NewEvent<Type>): Promise<string> {
  return recordEvent(tx as unknown as OutboxWriter, event);
}
