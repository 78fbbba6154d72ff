import { EVENT_CATALOG, type EventPayload, type EventType } from './catalog.ts';

/**
 * The Prisma model every producing subgraph declares (copy `outbox.prisma` from this package
 * into its schema). Structural, so this package needs no subgraph's generated client.
 */
export interface OutboxRow {
  id: string;
  organizationId: string;
  type: string;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  payload: unknown;
  occurredAt: Date;
  publishedAt: Date | null;
}

/**
 * A Prisma client or transaction whose schema has the OutboxEvent model. `never` accepts every
 * generated client's generic `create`; recordEvent below is the one place that calls it.
 */
export interface OutboxWriter {
  outboxEvent: { create(args: never): PromiseLike<unknown> };
}

type OutboxCreate = (args: {
  data: Omit<OutboxRow, 'id' | 'occurredAt' | 'publishedAt'>;
  select: { id: true };
}) => PromiseLike<{ id: string }>;

export interface NewEvent<Type extends EventType> {
  type: Type;
  organizationId: string;
  actorId: string | null;
  subject: { type: string; id: string };
  payload: EventPayload<Type>;
}

/**
 * Records a domain event in the producer's own database. Call it with the transaction that
 * makes the change, so the event exists if and only if the change committed; the relay
 * delivers it afterwards, at least once.
 */
export async function recordEvent<Type extends EventType>(tx: OutboxWriter, event: NewEvent<Type>): Promise<string> {
  const payload = EVENT_CATALOG[event.type].parse(event.payload);
  const create = tx.outboxEvent.create.bind(tx.outboxEvent) as unknown as OutboxCreate;
  const { id } = await create({
    data: {
      organizationId: event.organizationId,
      type: event.type,
      actorId: event.actorId,
      subjectType: event.subject.type,
      subjectId: event.subject.id,
      payload,
    },
    select: { id: true },
  });
  return id;
}

/**
 * The outbox as a repository: a subgraph's repository set includes one bound to the same client
 * or transaction as the others, so a service records events inside the transaction that makes
 * the change without touching Prisma.
 */
export class OutboxRepository {
  constructor(private readonly db: OutboxWriter) {}

  record<Type extends EventType>(event: NewEvent<Type>): Promise<string> {
    return recordEvent(this.db, event);
  }
}

/** What services need of the outbox: record an event in the current transaction. */
export type EventRecorder = Pick<OutboxRepository, 'record'>;
