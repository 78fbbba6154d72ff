import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryEventBus, startOutboxRelay, type DomainEvent, type OutboxClient, type OutboxRelay } from '../src/index.ts';
import { followedEvent } from './support/events.ts';
import { createThrowawayDatabase } from './support/postgres.ts';

// The in-process bus keeps nothing: the outbox is the log. These tests run the real relay on a
// real PostgreSQL outbox and check that a row is marked published only once every consumer
// group committed its event, so a crash of the one process at any point loses nothing.
const SCHEMA = `
  CREATE TABLE "OutboxEvent" (
    "id" text PRIMARY KEY, "organizationId" text NOT NULL, "type" text NOT NULL, "actorId" text,
    "subjectType" text NOT NULL, "subjectId" text NOT NULL, "payload" jsonb NOT NULL,
    "occurredAt" timestamp(3) NOT NULL DEFAULT now(), "publishedAt" timestamp(3),
    "attempts" int NOT NULL DEFAULT 0, "lastError" text);
  CREATE TABLE processed_events ("group" text NOT NULL, event_id text NOT NULL, PRIMARY KEY ("group", event_id));
  CREATE TABLE applications ("group" text NOT NULL, event_id text NOT NULL, process text NOT NULL);`;

/** The relay's view of a Prisma client, on node-postgres. */
function outboxClient(pool: pg.Pool): OutboxClient {
  const on = (queryable: pg.Pool | pg.PoolClient): OutboxClient => ({
    async $transaction(work) {
      const client = await pool.connect();
      // A connection the test terminates fails its next query; the error event must not crash the run.
      client.on('error', () => {});
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release(true);
      }
    },
    $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await queryable.query(query, values)).rows as T,
    $executeRawUnsafe: async (query: string, ...values: unknown[]) => (await queryable.query(query, values)).rowCount ?? 0,
  });
  return on(pool);
}

describe('in-process bus over a PostgreSQL outbox', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let sql: pg.Pool;
  const opened: { relay?: OutboxRelay; pool: pg.Pool }[] = [];

  beforeEach(async () => {
    database = await createThrowawayDatabase('plaza_events_outbox');
    sql = new pg.Pool({ connectionString: database.url, max: 2 });
    await sql.query(SCHEMA);
  });

  afterEach(async () => {
    for (const { relay, pool } of opened.splice(0)) {
      await relay?.stop();
      await pool.end();
    }
    await sql.end();
    await database.drop();
  });

  async function recordEvents(events: readonly DomainEvent[]) {
    for (const event of events) {
      await sql.query(
        `INSERT INTO "OutboxEvent" ("id", "organizationId", "type", "actorId", "subjectType", "subjectId", "payload") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [event.id, event.organizationId, event.type, event.actorId, event.subject.type, event.subject.id, JSON.stringify(event.payload)],
      );
    }
  }

  /** An idempotent handler: claims the event id for its group, then applies it once. */
  const applying =
    (group: string, process: string, before: (event: DomainEvent) => Promise<void> = async () => {}) =>
    async (event: DomainEvent) => {
      await before(event);
      const client = await sql.connect();
      try {
        await client.query('BEGIN');
        const claimed = await client.query('INSERT INTO processed_events ("group", event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          group,
          event.id,
        ]);
        if (claimed.rowCount === 1)
          await client.query('INSERT INTO applications ("group", event_id, process) VALUES ($1, $2, $3)', [group, event.id, process]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };

  const count = async (query: string) => Number((await sql.query<{ n: string }>(query)).rows[0]!.n);
  const unpublished = () => count(`SELECT count(*) AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL`);
  const applications = (group: string) => count(`SELECT count(*) AS n FROM applications WHERE "group" = '${group}'`);
  const distinctApplied = (group: string) => count(`SELECT count(DISTINCT event_id) AS n FROM applications WHERE "group" = '${group}'`);

  function startProcess(bus: MemoryEventBus) {
    const applicationName = `relay-${randomUUID().slice(0, 8)}`;
    const pool = new pg.Pool({ connectionString: database.url, max: 2, application_name: applicationName });
    pool.on('error', () => {});
    const relay = startOutboxRelay({ prisma: outboxClient(pool), bus, intervalMs: 20, batchSize: 10 });
    opened.push({ relay, pool });
    return { relay, applicationName };
  }

  it('keeps the rows unpublished while one group has not committed, and loses nothing when the process dies meanwhile', async () => {
    const events = Array.from({ length: 5 }, (_, n) => followedEvent(n));
    await recordEvents(events);

    // Process 1: the ledger applies everything; the audit hangs on the third event, and the process dies.
    let release!: (error: Error) => void;
    const hanging = new Promise<never>((_, reject) => (release = reject));
    const first = new MemoryEventBus(['ledger', 'audit']);
    await first.subscribe('ledger', applying('ledger', 'first'));
    await first.subscribe(
      'audit',
      applying('audit', 'first', async (event) => (event.id === events[2]!.id ? hanging : undefined)),
    );
    const { relay: firstRelay, applicationName } = startProcess(first);
    await vi.waitFor(async () => expect(await applications('ledger')).toBe(5));
    await vi.waitFor(async () => expect(await applications('audit')).toBe(2));
    expect(await unpublished()).toBe(5);

    // The crash as the database sees it: the relay's connection (and its open transaction) is gone.
    await sql.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    release(new Error('process gone'));
    await firstRelay.stop();
    expect(await unpublished()).toBe(5);

    // Process 2 starts: everything is delivered again, each group applies what it had not.
    const second = new MemoryEventBus(['ledger', 'audit']);
    await second.subscribe('ledger', applying('ledger', 'second'));
    await second.subscribe('audit', applying('audit', 'second'));
    startProcess(second);
    await vi.waitFor(async () => expect(await unpublished()).toBe(0));
    expect({ ledger: await applications('ledger'), audit: await applications('audit') }).toEqual({ ledger: 5, audit: 5 });
    expect({ ledger: await distinctApplied('ledger'), audit: await distinctApplied('audit') }).toEqual({ ledger: 5, audit: 5 });
  });

  it('retries a failing group with the others later, without holding the others back from the batch', async () => {
    const events = Array.from({ length: 5 }, (_, n) => followedEvent(n));
    await recordEvents(events);
    let ledgerFailures = 0;
    const atSecondFailure: { auditApplied?: number; unpublished?: number } = {};
    const bus = new MemoryEventBus(['ledger', 'audit']);
    await bus.subscribe(
      'ledger',
      applying('ledger', 'only', async (event) => {
        if (event.id !== events[1]!.id || ledgerFailures >= 2) return;
        if (++ledgerFailures === 2)
          Object.assign(atSecondFailure, { auditApplied: await applications('audit'), unpublished: await unpublished() });
        throw new Error('ledger database unavailable');
      }),
    );
    await bus.subscribe('audit', applying('audit', 'only'));
    startProcess(bus);

    await vi.waitFor(async () => expect(await unpublished()).toBe(0));
    // The audit had the whole batch after the first pass, while the ledger's failure kept it unpublished.
    expect(atSecondFailure).toEqual({ auditApplied: 5, unpublished: 5 });
    // Each refused pass is on record for operators: the attempts and the bus's last error.
    const attempts = await sql.query<{ attempts: number; lastError: string | null }>(
      `SELECT "attempts", "lastError" FROM "OutboxEvent" WHERE "id" = $1`,
      [events[1]!.id],
    );
    expect(attempts.rows[0]).toMatchObject({ attempts: 2, lastError: expect.stringMatching(/ledger database unavailable/) });
    expect({ ledger: await applications('ledger'), audit: await applications('audit') }).toEqual({ ledger: 5, audit: 5 });
    expect({ ledger: await distinctApplied('ledger'), audit: await distinctApplied('audit') }).toEqual({ ledger: 5, audit: 5 });
  });
});
