import { topology, urlVariableOf } from '@plaza/topology';
import { z } from 'zod';

/**
 * Every environment variable Plaza reads, grouped by concern. A process merges the groups it
 * needs (gateway, one subgraph, or the whole stack) and parses them once at start with
 * `loadConfig`; nothing below the entry point reads `process.env`. The README's configuration
 * table is checked against these names by a test.
 */

const port = z.coerce.number().int('must be a whole number').min(0, 'must be 0–65535').max(65_535, 'must be 0–65535');
const milliseconds = z.coerce.number().int('must be a whole number of milliseconds').positive('must be positive');
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' });
const redisUrl = z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' });
const natsUrl = z.url({ protocol: /^(nats|tls|wss?)$/, error: 'must be a nats:// URL' });

export const serverSettings = z.object({
  /** Port to listen on (the gateway's, or a standalone subgraph's own). */
  PORT: port.optional(),
  /** Interface to listen on. */
  HOST: z.string().min(1).optional(),
});

export const runtimeSettings = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

/**
 * Keys, as JSON (see @plaza/auth's keys.ts). Unset outside production: generated at first start
 * into `<data dir>/keys/` (mode 0600) and kept. Unset in production: the process refuses to start.
 */
export const keySettings = z.object({
  /** Identity's private keys for access tokens (current first); the gateway verifies with their public halves from identity's JWKS. */
  PLAZA_IDENTITY_SIGNING_KEYS: z.string().min(1).optional(),
  /** The gateway's private keys for viewer assertions (current first). */
  PLAZA_GATEWAY_SIGNING_KEYS: z.string().min(1).optional(),
  /** The gateway's public keys, as a JWKS, with which every subgraph verifies viewer assertions. */
  PLAZA_GATEWAY_PUBLIC_KEYS: z.string().min(1).optional(),
  /** Where the gateway fetches identity's public keys. Default: identity's routing URL + /.well-known/jwks.json. */
  PLAZA_JWKS_URL: z.url().optional(),
});

export const dataSettings = z.object({
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1, 'must be at least 1').default(10),
  PLAZA_DATA_DIR: z.string().min(1).optional(),
  PLAZA_DEMO_DATA: flag.default(true),
});

/** `<NAME>_DATABASE_URL`: the exact database of one subgraph. */
export const subgraphDatabaseSettings = () =>
  z.object(Object.fromEntries(topology().subgraphs.map(({ name }) => [databaseUrlVariableOf(name), postgresUrl.optional()])));

export const databaseUrlVariableOf = (name: string) => `${name.toUpperCase().replaceAll('-', '_')}_DATABASE_URL`;

export const messagingSettings = z.object({
  PLAZA_EVENT_BUS: z.enum(['memory', 'redis', 'nats']).default('memory'),
  PLAZA_EVENT_STREAM: z.string().min(1).optional(),
  PLAZA_PUBSUB: z.enum(['memory', 'redis', 'nats']).default('memory'),
  PLAZA_LIVE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -')
    .default('plaza'),
  PLAZA_EVENT_REDELIVER_AFTER_MS: milliseconds.optional(),
  PLAZA_EVENT_MAX_DELIVERIES: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  PLAZA_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, ., _ or -')
    .optional(),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  NATS_URL: natsUrl.default('nats://127.0.0.1:4222'),
});

export const gatewaySettings = z.object({
  PLAZA_GATEWAY_DEV_COMPOSE: flag.default(false),
  PLAZA_SUBSCRIPTION_RECHECK_MS: milliseconds.default(30_000),
  PLAZA_SUBSCRIPTION_GRACE_MS: milliseconds.optional(),
  PLAZA_SUBGRAPH_TIMEOUT_MS: milliseconds.default(10_000),
  /** Subscriptions one WebSocket may carry at once. */
  PLAZA_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().positive().default(20),
  /** WebSockets and event streams one user may hold open at once (across gateways when rate limits are in Redis). */
  PLAZA_CONNECTIONS_PER_USER: z.coerce.number().int().positive().default(10),
  /** JSON overrides of the operation limits, per class of caller (see the gateway's operation-limits.ts). */
  PLAZA_OPERATION_LIMITS: z.string().min(1).optional(),
  /** JSON overrides of the per-minute rate limits, per class of caller (see the gateway's rate-limits.ts). */
  PLAZA_RATE_LIMITS: z.string().min(1).optional(),
  APOLLO_TELEMETRY_DISABLED: flag.default(true),
  /** Which documents run: off, allow-also (the manifest's by hash, and any other) or enforce (only the manifest's). */
  PLAZA_TRUSTED_DOCUMENTS: z.enum(['off', 'allow-also', 'enforce']).default('off'),
  /** The trusted documents manifest a client build produced (client preset's persisted-documents.json or Apollo's list). */
  PLAZA_TRUSTED_DOCUMENTS_MANIFEST: z.string().min(1).optional(),
  /** Browser origins allowed to call the gateway, comma-separated (see the gateway's http-security.ts). */
  PLAZA_CORS_ORIGINS: z.string().optional(),
  /**
   * Which proxies in front of the gateway may say, in X-Forwarded-For, where a request came from:
   * a hop count, or addresses/subnets (Express names such as `loopback` allowed), comma-separated.
   * Unset or `false`: none, the address is the connection's own. `true` is refused: it would take
   * any address a client writes into the header, and sign-in limits per address would mean nothing.
   */
  PLAZA_TRUST_PROXY: z
    .string()
    .trim()
    .refine((value) => value !== 'true', 'name the proxies (a hop count or their addresses): true would trust any client')
    .transform((value): number | string[] | false => {
      if (value === 'false' || value === '') return false;
      if (/^\d+$/.test(value)) return Number(value);
      return value.split(',').map((entry) => entry.trim());
    })
    .optional(),
});

/**
 * OpenTelemetry's standard variables, as far as Plaza reads them: tracing is off unless an OTLP
 * endpoint is set or OTEL_TRACES_EXPORTER=otlp. The exporter reads the rest of the OTEL_EXPORTER_OTLP_*
 * family (headers, timeout) itself.
 */
export const telemetrySettings = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});

/** `<NAME>_URL`: where the gateway finds one subgraph. */
export const subgraphUrlSettings = () =>
  z.object(Object.fromEntries(topology().subgraphs.map(({ name }) => [urlVariableOf(name), z.url().optional()])));

export const testSettings = z.object({
  PLAZA_TEST_DB: z.enum(['pglite', 'postgres']).optional(),
  /** Set by the test run's global setup for its workers: prefixes the run's databases. */
  /**
   * Start only these subgraphs (comma-separated) in each test worker's shared stack: a partner
   * team running its own tests while another subgraph is broken. Default: all.
   */
  PLAZA_TEST_SUBGRAPHS: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(,[a-z][a-z0-9-]*)*$/, 'must be subgraph names separated by commas')
    .transform((names) => names.split(','))
    .optional(),
  PLAZA_TEST_RUN_ID: z
    .string()
    .regex(/^[a-z0-9]{1,12}$/, 'must be 1 to 12 lower-case letters or digits')
    .optional(),
});
