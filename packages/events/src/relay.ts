import type { DomainEvent } from './catalog.ts';
import type { EventBus } from './bus.ts';
import type { OutboxRow } from './outbox.ts';

/** What the relay needs of a producer's Prisma client (structural: any subgraph's client fits). */
export interface OutboxClient {
  $transaction<T>(work: (tx: OutboxClient) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface OutboxRelayOptions {
  prisma: OutboxClient;
  bus: EventBus;
  /** Delay between polls when the outbox was empty or the bus refused, ms. Default 200. */
  intervalMs?: number;
  /** Events per transaction. Default 100. */
  batchSize?: number;
  /**
   * How long one batch's transaction may stay open, ms. Default 120,000. The in-process bus
   * resolves a publish only once every consumer group handled the batch, so the transaction
   * lasts as long as the slowest group; under Prisma's default of 5 s a busy machine rolled the
   * batch back every time and retried it forever (each retry again costs every group a
   * de-duplication per event).
   */
  transactionTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

export interface OutboxRelay {
  /** Publishes what is pending now; resolves with how many events were published. */
  drain(): Promise<number>;
  /** Events recorded and not yet accepted by the bus. */
  pending(): Promise<number>;
  stop(): Promise<void>;
}

/** An outbox row as the event the relay publishes (also what replays in tests feed consumers). */
export function eventOfOutboxRow(row: OutboxRow): DomainEvent {
  return {
    id: row.id,
    type: row.type as DomainEvent['type'],
    organizationId: row.organizationId,
    actorId: row.actorId,
    subject: { type: row.subjectType, id: row.subjectId },
    payload: row.payload as DomainEvent['payload'],
    occurredAt: new Date(row.occurredAt).toISOString(),
  };
}

/**
 * Moves committed outbox rows to the bus, oldest first, at least once. Rows are locked with
 * SKIP LOCKED so several instances of a subgraph relay without publishing the same row twice
 * in parallel, and marked published only after the bus accepted them; a failure leaves them
 * for the next pass (recording the attempt).
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { prisma, bus } = options;
  const batchSize = options.batchSize ?? 100;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const publishBatch = async () => {
    let refused: { ids: string[]; error: unknown } | undefined;
    const published = await prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
          `SELECT "id", "organizationId", "type", "actorId", "subjectType", "subjectId", "payload", "occurredAt", "publishedAt"
           FROM "OutboxEvent" WHERE "publishedAt" IS NULL ORDER BY "id" LIMIT $1 FOR UPDATE SKIP LOCKED`,
          batchSize,
        );
        if (!rows.length) return 0;
        const ids = rows.map((row) => row.id);
        try {
          await bus.publish(rows.map(eventOfOutboxRow));
        } catch (error) {
          // The transaction changed nothing: let it end and unlock the rows, then record the attempt.
          refused = { ids, error };
          return 0;
        }
        await tx.$executeRawUnsafe(`UPDATE "OutboxEvent" SET "publishedAt" = now() WHERE "id" = ANY($1::text[])`, ids);
        return rows.length;
      },
      { maxWait: 10_000, timeout: options.transactionTimeoutMs ?? 120_000 },
    );
    if (refused) {
      // Outside the batch's transaction, which a throw would roll back with the record of the attempt.
      await prisma.$executeRawUnsafe(
        `UPDATE "OutboxEvent" SET "attempts" = "attempts" + 1, "lastError" = $2 WHERE "id" = ANY($1::text[]) AND "publishedAt" IS NULL`,
        refused.ids,
        String((refused.error as Error)?.message ?? refused.error).slice(0, 500),
      );
      throw refused.error;
    }
    return published;
  };

  const drain = async () => {
    let total = 0;
    for (;;) {
      const published = await publishBatch();
      total += published;
      if (published < batchSize) return total;
    }
  };

  const tick = async () => {
    if (stopped) return;
    running = drain().catch((error) => {
      options.onError?.(error);
      return 0;
    });
    await running;
    if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 200);
  };
  timer = setTimeout(tick, 0);

  return {
    async drain() {
      await running;
      return drain();
    },
    async pending() {
      const [row] = await prisma.$queryRawUnsafe<{ count: number }[]>(
        `SELECT count(*)::int AS "count" FROM "OutboxEvent" WHERE "publishedAt" IS NULL`,
      );
      return row?.count ?? 0;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Which outbox rows `readOutboxEvents` returns; every given field must match. */
export interface OutboxEventFilter {
  organizationId?: string;
  type?: string;
  subjectId?: string;
}

/** Recorded events of a producer's outbox, oldest first, published or not: for tests and replays. */
export async function readOutboxEvents(prisma: OutboxClient, filter: OutboxEventFilter = {}): Promise<DomainEvent[]> {
  const rows = await prisma.$queryRawUnsafe<OutboxRow[]>(
    `SELECT "id", "organizationId", "type", "actorId", "subjectType", "subjectId", "payload", "occurredAt", "publishedAt"
       FROM "OutboxEvent"
      WHERE ($1::text IS NULL OR "organizationId" = $1) AND ($2::text IS NULL OR "type" = $2) AND ($3::text IS NULL OR "subjectId" = $3)
      ORDER BY "id"`,
    filter.organizationId ?? null,
    filter.type ?? null,
    filter.subjectId ?? null,
  );
  return rows.map(eventOfOutboxRow);
}
