import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventBus } from '../src/index.ts';
import type { CrashConsumerConfig } from './fixtures/crash-consumer.ts';
import { busAt, newLocation, type TestBusLocation, type TestTuning } from './support/brokers.ts';
import { followedEvent } from './support/events.ts';
import { createThrowawayDatabase } from './support/postgres.ts';

// The operator's scenario of issue 10: consumer processes on a broker, `kill -9` while they work.
// Each consumer is a real child process applying events to a real PostgreSQL table; after a
// restart every event must be applied, and none twice.
const FIXTURE = fileURLToPath(new URL('./fixtures/crash-consumer.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const GROUP = 'ledger';
const TUNING: TestTuning = { redeliverAfterMs: 400, retryDelayMs: 100 };
const SCHEMA = `
  CREATE TABLE processed_events (event_id text PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE applications (event_id text NOT NULL, pid int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE deliveries (event_id text NOT NULL, pid int NOT NULL, delivered_at timestamptz NOT NULL DEFAULT now());`;

interface Counts {
  applications: number;
  distinctApplied: number;
  deliveries: number;
}

describe.each(['redis', 'nats'] as const)('a %s consumer process killed with SIGKILL', (kind) => {
  let location: TestBusLocation;
  let publisher: EventBus;
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let sql: pg.Client;
  let children: ChildProcess[];

  beforeEach(async () => {
    location = newLocation(kind);
    publisher = busAt(location, TUNING, { ephemeral: true });
    database = await createThrowawayDatabase('plaza_events_crash');
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    await sql.query(SCHEMA);
    children = [];
  });

  afterEach(async () => {
    await Promise.all(children.map(kill));
    await publisher.close();
    await sql.end();
    await database.drop();
  });

  async function startConsumer(consumerName: string): Promise<ChildProcess> {
    const config: CrashConsumerConfig = {
      location,
      tuning: TUNING,
      group: GROUP,
      consumerName,
      databaseUrl: database.url,
      pauseAfterCommitMs: 5,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(config)], {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready\n')) resolve();
      });
      child.once('exit', (code, signal) =>
        reject(new Error(`The consumer process must print "ready" once subscribed; it exited with code ${code}, signal ${signal}`)),
      );
    });
    return child;
  }

  async function kill(child: ChildProcess) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async function counts(): Promise<Counts> {
    const { rows } = await sql.query<Counts>(`
      SELECT (SELECT count(*) FROM applications)::int AS "applications",
             (SELECT count(DISTINCT event_id) FROM applications)::int AS "distinctApplied",
             (SELECT count(*) FROM deliveries)::int AS "deliveries"`);
    return rows[0]!;
  }

  /** Kills `child` once it applied at least a quarter of the events: mid-way, whatever the machine's speed. */
  async function killMidWay(child: ChildProcess): Promise<Counts> {
    await vi.waitFor(async () => expect((await counts()).applications).toBeGreaterThanOrEqual(25), { timeout: 20_000, interval: 5 });
    await kill(child);
    return counts();
  }

  async function expectAllAppliedOnce(scenario: string, atKill: Counts) {
    await vi.waitFor(
      async () => {
        expect((await counts()).distinctApplied).toBe(100);
        expect(await publisher.consumerLag(GROUP)).toEqual({ pending: 0, undelivered: 0 });
      },
      { timeout: 30_000, interval: 50 },
    );
    const final = await counts();
    console.log(
      `[${kind}] ${scenario}: ${atKill.applications}/100 applied when SIGKILLed; after the restart ${final.applications} applications of ${final.distinctApplied} distinct events, ` +
        `${final.deliveries} deliveries (${final.deliveries - 100} redelivered)`,
    );
    expect(atKill.applications).toBeLessThan(100);
    expect(final).toMatchObject({ applications: 100, distinctApplied: 100 });
  }

  const events = () => Array.from({ length: 100 }, (_, n) => ({ ...followedEvent(n), id: randomUUID() }));

  it('in the middle of a burst, then restarted in the same slot: 100 of 100 applied, none twice', async () => {
    const first = await startConsumer('slot-1');
    await publisher.publish(events());
    const atKill = await killMidWay(first);
    await startConsumer('slot-1');
    await expectAllAppliedOnce('burst', atKill);
  });

  it('while it catches up on a backlog, then restarted under another name: 100 of 100 applied, none twice', async () => {
    await publisher.publish(events());
    expect(await publisher.consumerLag(GROUP)).toEqual({ pending: 0, undelivered: 100 });
    const first = await startConsumer('slot-1');
    const atKill = await killMidWay(first);
    // A new name (a rescheduled pod): the dead member's entries are claimed after the visibility timeout.
    await startConsumer('slot-2');
    await expectAllAppliedOnce('backlog', atKill);
  });
});
