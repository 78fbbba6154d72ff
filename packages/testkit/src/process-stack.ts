import { spawn, type ChildProcess } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generateSigningKey, signingKeysOf } from '@plaza/auth';
import { createTestDatabase, type TestDatabase } from '@plaza/db';
import { NatsEventBus, RedisEventBus, type EventBus } from '@plaza/events';
import { loadSubgraphModules } from '@plaza/stack';
import { topology, urlVariableOf } from '@plaza/topology';
import { actorHelpers, unique, type ActorHelpers } from './actors.ts';
import { TEST_PASSWORD_COST } from './stack.ts';
import { testConfig } from './test-config.ts';

const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const GATEWAY = 'gateway';

export interface ProcessStackOptions {
  /** The broker of domain events and live updates. */
  bus: 'redis' | 'nats';
  /** Subgraphs to run (each its own process); default every one of supergraph.yaml. */
  subgraphs?: readonly string[];
  /** How long a delivered, unacknowledged event waits before redelivery (PLAZA_EVENT_REDELIVER_AFTER_MS). */
  redeliverAfterMs?: number;
  /** More environment for every process (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  env?: Record<string, string>;
  /** Modules every process preloads with `--import` after tsx (e.g. `@plaza/subgraph-kit/telemetry`). */
  imports?: readonly string[];
}

/** One process of the stack, as an operator runs it: `node --import tsx <main.ts>`, its own environment. */
interface PlazaProcess {
  child: ChildProcess;
  /** Its stdout and stderr, for the failure message when it exits on its own. */
  output: string;
}

export interface ProcessStack extends ActorHelpers {
  /** The gateway's GraphQL URL. */
  url: string;
  /** Each subgraph's own GraphQL URL. */
  subgraphUrls: Record<string, string>;
  /** A subgraph's PostgreSQL database, for counting what it applied. */
  sql<Row extends pg.QueryResultRow>(subgraph: string, text: string, values?: unknown[]): Promise<Row[]>;
  /** Sends `signal` (default SIGKILL: no drain, no goodbye) to a process and waits until it is gone. */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed process again, same environment and instance id, and waits until it answers. */
  start(name: string): Promise<void>;
  /** Waits until every publishing subgraph's outbox is relayed and every running consumer group has caught up. */
  eventsSettled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The supergraph as separate processes, the way docker-compose and the README run it: one node
 * process per subgraph and one gateway, NODE_ENV=production with keys from the environment, on
 * PostgreSQL (template-copied databases) and a real Redis or NATS with a stream and live prefix
 * of its own. For crash tests: processes are killed and started again like containers.
 */
export async function startProcessStack(options: ProcessStackOptions): Promise<ProcessStack> {
  const config = testConfig();
  if (config.databases.kind !== 'postgres') throw new Error('startProcessStack needs PostgreSQL (DATABASE_URL or PLAZA_TEST_DB=postgres)');
  const id = unique();
  const entries = topology().subgraphs.filter((entry) => !options.subgraphs || options.subgraphs.includes(entry.name));
  const modules = await loadSubgraphModules(entries.map((entry) => entry.name));
  const databases = new Map<string, TestDatabase>();
  const processes = new Map<string, PlazaProcess>();
  const environments = new Map<string, { script: string; env: Record<string, string>; healthUrl: string }>();
  const dataDir = mkdtempSync(join(tmpdir(), 'plaza-processes-'));
  const pools = new Map<string, pg.Pool>();
  const stream = options.bus === 'redis' ? `plaza:test:${id}` : `PLAZA_TEST_${id.replaceAll(/[^A-Za-z0-9]/g, '_')}`;
  // Reads consumer lag; closed last, it removes the stream (and its dead letters) from the broker.
  const observer: EventBus =
    options.bus === 'redis'
      ? new RedisEventBus({ url: config.redisUrl, stream, ephemeral: true })
      : new NatsEventBus({ url: config.natsUrl, stream, ephemeral: true });

  const identityKeys = signingKeysOf([generateSigningKey()]);
  const gatewayKeys = signingKeysOf([generateSigningKey()]);
  const vapid = createECDH('prime256v1');
  vapid.generateKeys();
  const shared: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    PLAZA_DATA_DIR: dataDir,
    PLAZA_DEMO_DATA: 'false',
    PLAZA_EVENT_BUS: options.bus,
    PLAZA_PUBSUB: options.bus,
    PLAZA_EVENT_STREAM: stream,
    PLAZA_LIVE_PREFIX: `test-${id}`,
    PLAZA_EVENT_REDELIVER_AFTER_MS: String(options.redeliverAfterMs ?? 2_000),
    REDIS_URL: config.redisUrl,
    NATS_URL: config.natsUrl,
    DATABASE_POOL_MAX: '4',
    // Crash tests drive load from one user and one address: budgets they never reach.
    PLAZA_RATE_LIMITS: JSON.stringify({ signedIn: { requests: 1e9, cost: 1e9 }, anonymous: { requests: 1e9, cost: 1e9 } }),
    PLAZA_GATEWAY_PUBLIC_KEYS: JSON.stringify(gatewayKeys.publicKeySet),
    // Production refuses to start without it: download links are signed with it.
    COMMERCE_DOWNLOAD_SECRET: randomBytes(32).toString('base64url'),
    // Production refuses to start without it either: external calendars' secrets are encrypted with it.
    SCHEDULING_CONNECTION_KEY: randomBytes(32).toString('base64'),
    PLAZA_EXTERNAL_REQUEST_SIGNING_KEY: randomBytes(32).toString('base64'),
    ...TEST_PASSWORD_COST,
    ...options.env,
  };

  const ports = new Map<string, number>();
  for (const name of [...entries.map((entry) => entry.name), GATEWAY]) ports.set(name, await freePort());
  const subgraphUrls = Object.fromEntries(entries.map((entry) => [entry.name, `http://127.0.0.1:${ports.get(entry.name)}/graphql`]));
  const url = `http://127.0.0.1:${ports.get(GATEWAY)}/graphql`;

  const launch = async (name: string) => {
    const { script, env, healthUrl } = environments.get(name)!;
    const imports = ['tsx', ...(options.imports ?? [])].flatMap((module) => ['--import', module]);
    const child = spawn(process.execPath, [...imports, script], {
      cwd: REPO_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...shared, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running: PlazaProcess = { child, output: '' };
    const keep = (chunk: Buffer) => {
      running.output = (running.output + chunk.toString()).slice(-8_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    processes.set(name, running);
    await untilHealthy(name, healthUrl, running);
  };

  const stopAll = async () => {
    await Promise.all([...processes.keys()].map((name) => stack.kill(name, 'SIGTERM')));
    await observer.close();
    await Promise.all([...pools.values()].map((pool) => pool.end()));
    await Promise.all([...databases.values()].map((database) => database.drop()));
    rmSync(dataDir, { recursive: true, force: true });
  };

  const stack: ProcessStack = {
    url,
    subgraphUrls,
    async sql<Row extends pg.QueryResultRow>(subgraph: string, text: string, values?: unknown[]) {
      const database = databases.get(subgraph);
      if (database?.location.kind !== 'postgres') throw new Error(`Subgraph ${subgraph} is not running in this stack`);
      let pool = pools.get(subgraph);
      if (!pool) pools.set(subgraph, (pool = new pg.Pool({ connectionString: database.location.url, max: 2 })));
      return (await pool.query<Row>(text, values)).rows;
    },
    async kill(name, signal = 'SIGKILL') {
      const running = processes.get(name);
      if (!running) return;
      processes.delete(name);
      if (running.child.exitCode !== null || running.child.signalCode !== null) return;
      const exited = once(running.child, 'exit');
      running.child.kill(signal);
      await exited;
    },
    start: (name) => launch(name),
    async eventsSettled(timeoutMs = 30_000) {
      const publishers = entries.filter((entry) => entry.publishesEvents && processes.has(entry.name));
      const groups = entries.flatMap((entry) => (entry.consumerGroup && processes.has(entry.name) ? [entry.consumerGroup] : []));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const outboxes = await Promise.all(
          publishers.map(async (entry) => {
            const [row] = await stack.sql<{ count: string }>(entry.name, 'SELECT count(*) FROM "OutboxEvent" WHERE "publishedAt" IS NULL');
            return Number(row!.count);
          }),
        );
        const lags = outboxes.every((count) => count === 0) ? await Promise.all(groups.map((group) => observer.consumerLag(group))) : [];
        if (outboxes.every((count) => count === 0) && lags.every((lag) => lag.pending === 0 && lag.undelivered === 0)) return;
        if (Date.now() > deadline)
          throw new Error(`Domain events not settled within ${timeoutMs} ms: outboxes ${outboxes.join('/')}, lag ${JSON.stringify(lags)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: stopAll,
    ...actorHelpers(url, () => stack.eventsSettled()),
  };

  try {
    await Promise.all(
      modules.map(async ({ entry, createSubgraph }) => {
        const database = await createTestDatabase(
          config.databases,
          { subgraph: entry.name, prismaDir: createSubgraph.prismaDir, migrate: (location) => createSubgraph.migrate(location) },
          config.runId,
        );
        databases.set(entry.name, database);
        const env: Record<string, string> = {
          PORT: String(ports.get(entry.name)),
          [`${entry.name.toUpperCase().replaceAll('-', '_')}_DATABASE_URL`]: (database.location as { url: string }).url,
          PLAZA_INSTANCE_ID: `${entry.name}-1`,
        };
        if (entry.name === 'identity') env.PLAZA_IDENTITY_SIGNING_KEYS = JSON.stringify(identityKeys.keys);
        if (entry.name === 'notifications') {
          env.PLAZA_VAPID_PUBLIC_KEY = vapid.getPublicKey('base64url');
          env.PLAZA_VAPID_PRIVATE_KEY = vapid.getPrivateKey('base64url');
          env.PLAZA_VAPID_SUBJECT = 'mailto:operators@plaza.localhost';
        }
        environments.set(entry.name, {
          script: join(entry.dir, 'src', 'main.ts'),
          env,
          healthUrl: new URL('/health', subgraphUrls[entry.name]).href,
        });
      }),
    );
    environments.set(GATEWAY, {
      script: join(REPO_DIR, 'gateway', 'src', 'main.ts'),
      env: {
        PORT: String(ports.get(GATEWAY)),
        PLAZA_GATEWAY_SIGNING_KEYS: JSON.stringify(gatewayKeys.keys),
        ...(subgraphUrls.identity ? { PLAZA_JWKS_URL: new URL('/.well-known/jwks.json', subgraphUrls.identity).href } : {}),
        // Subgraphs not started here keep a URL nobody answers on: their fields fail as unavailable.
        ...Object.fromEntries(
          topology().subgraphs.map((entry) => [urlVariableOf(entry.name), subgraphUrls[entry.name] ?? 'http://127.0.0.1:9/graphql']),
        ),
      },
      healthUrl: new URL('/health', url).href,
    });
    await Promise.all(entries.map((entry) => launch(entry.name)));
    await launch(GATEWAY);
    return stack;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function untilHealthy(name: string, healthUrl: string, running: PlazaProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (running.child.exitCode !== null || running.child.signalCode !== null)
      throw new Error(`${name} exited (${running.child.exitCode ?? running.child.signalCode}) before answering:\n${running.output}`);
    try {
      const response = await fetch(healthUrl);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer ${healthUrl} within ${timeoutMs} ms:\n${running.output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
