import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { JWTVerifyGetKey } from 'jose';
import { keyFileIn, resolveAssertionVerifier } from '@plaza/auth';
import { loadConfig, subgraphProcessSettings } from '@plaza/config';
import { dataDirOf, databaseLocationOf, type DatabaseLocation } from '@plaza/db';
import { createEventBus, createLivePubSub } from '@plaza/events';
import { topology } from '@plaza/topology';
import type { z } from 'zod';
import { apiKeyScopesPlugin } from './api-key-scopes.ts';
import { baseContextFromHeaders, type BaseContext } from './context.ts';
import { createErrorFormatter } from './errors.ts';
import { graphqlBodyParser, graphqlHttpErrorHandler } from './http-errors.ts';
import { configureKeepAlive } from './http-server.ts';
import { configureLogging, createLogger, type Logger } from './logger.ts';
import { ServiceMetrics, type BacklogSources } from './metrics.ts';
import type { CreateSubgraphOptions } from './prisma-subgraph.ts';
import { requestRulesPlugin } from './request-rules.ts';
import { serveSubscriptions, type SubscriptionServer } from './subscriptions.ts';

/** A subgraph ready to serve: schema, per-request context and the database behind it. */
export interface Subgraph<Context extends BaseContext = BaseContext, Client = unknown> {
  name: string;
  /** The subgraph's own Prisma client: for its seeds, tooling and its integration tests. */
  prisma: Client;
  schema: GraphQLSchema;
  /** Adds services and per-request DataLoaders to the verified base context; may refuse the viewer. */
  createContext(base: BaseContext): Context | Promise<Context>;
  /** Resolves when the subgraph can serve (its database answers). */
  checkReady(): Promise<void>;
  /** Upserts the demo organization's data; safe to run on every start. */
  seedDemo?(): Promise<void>;
  /** Unauthenticated JSON documents the subgraph publishes (e.g. identity's JWKS), by path. */
  publicDocuments?: Record<string, () => unknown>;
  /** Unauthenticated POST routes that get the raw body (e.g. a payment provider's signed webhooks), by express path. */
  httpRoutes?: Record<string, RawPostHandler>;
  /** Unauthenticated GET routes that write their own response (e.g. a signed file download), by express path. */
  streamRoutes?: Record<string, RawGetHandler>;
  /** Its outbox, consumer group and database pool, reported on /metrics where it has them. */
  backlogs?: BacklogSources;
  close(): Promise<void>;
}

/**
 * A POST route outside GraphQL. It gets the body as the exact bytes sent (signatures are computed
 * over them), the headers and the query string; it answers with a status and a JSON body, or with
 * plain text (handshakes that want a token echoed, as Microsoft Graph's webhook validation). It
 * must check the caller itself: no viewer assertion is required.
 */
export type RawPostHandler = (request: {
  /** The path's named parameters (`/external-requests/:source` → `{ source }`). */
  params: Record<string, string>;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
}) => Promise<{ status: number; body: unknown } | { status: number; text: string }>;

/**
 * A GET (and HEAD) route outside GraphQL that streams its answer itself: status, headers and body
 * (a file, served in ranges). It must check the caller itself (e.g. a signature in the URL): no
 * viewer assertion is required.
 */
export type RawGetHandler = (
  request: {
    method: 'GET' | 'HEAD';
    /** The path's named parameters (`/downloads/:id` → `{ id }`). */
    params: Record<string, string>;
    query: URLSearchParams;
    headers: Record<string, string | string[] | undefined>;
    /** The client's address, as express sees it. */
    remoteAddress: string | null;
  },
  response: ServerResponse,
) => Promise<void>;

export interface ServeOptions {
  port: number;
  host?: string;
  /** Verifies the gateway's viewer assertions: its public keys (PLAZA_GATEWAY_PUBLIC_KEYS). */
  assertionVerifier: JWTVerifyGetKey;
  log?: Logger;
  /** Show internal error messages to clients (NODE_ENV=development only). Default false. */
  exposeInternalErrors?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Subscription operations running now (0 when the schema has no Subscription type). */
  activeSubscriptions(): number;
  /** Subscription operations authorized and subscribed to their source (see SubscriptionServer). */
  listeningSubscriptions(): number;
  stop(): Promise<void>;
}

/**
 * Serves a subgraph over HTTP: POST /graphql, GET /health (process is up), GET /ready
 * (database answers) and GET /metrics (Prometheus, a registry per server). Port 0 picks a free
 * port, which tests use to run stacks side by side.
 */
export async function serveSubgraph(subgraph: Subgraph, options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger(subgraph.name);
  const { assertionVerifier } = options;
  const metrics = new ServiceMetrics(subgraph.name);
  const apollo = new ApolloServer<BaseContext>({
    schema: subgraph.schema,
    formatError: createErrorFormatter(log, options.exposeInternalErrors ?? false),
    introspection: true,
    logger: log,
    includeStacktraceInErrorResponses: false,
    // Inline traces feed Apollo's hosted studio, which Plaza does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled(), requestRulesPlugin(), apiKeyScopesPlugin(subgraph.name), metrics.plugin()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metrics.handler());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: subgraph.name });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await subgraph.checkReady();
      res.json({ status: 'ready', service: subgraph.name });
    } catch (error) {
      log.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', service: subgraph.name });
    }
  });
  for (const [path, document] of Object.entries(subgraph.publicDocuments ?? {})) {
    app.get(path, (_req, res) => {
      res.json(document());
    });
  }
  for (const [path, handle] of Object.entries(subgraph.httpRoutes ?? {})) {
    app.post(path, express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
      try {
        const answer = await handle({
          params: { ...(req.params as Record<string, string>) },
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          headers: req.headers,
          query: new URL(req.originalUrl, 'http://route.invalid').searchParams,
        });
        if ('text' in answer) res.status(answer.status).type('text/plain').send(answer.text);
        else res.status(answer.status).json(answer.body);
      } catch (error) {
        next(error);
      }
    });
  }
  for (const [path, handle] of Object.entries(subgraph.streamRoutes ?? {})) {
    app.get(path, async (req, res, next) => {
      try {
        await handle(
          {
            method: req.method === 'HEAD' ? 'HEAD' : 'GET',
            params: { ...(req.params as Record<string, string>) },
            query: new URL(req.originalUrl, 'http://route.invalid').searchParams,
            headers: req.headers,
            remoteAddress: req.ip ?? req.socket.remoteAddress ?? null,
          },
          res,
        );
      } catch (error) {
        next(error);
      }
    });
  }
  app.use(
    '/graphql',
    graphqlBodyParser(),
    expressMiddleware(apollo, {
      context: async ({ req }) => subgraph.createContext(await baseContextFromHeaders(req.headers, assertionVerifier, log)),
    }),
  );
  app.use(graphqlHttpErrorHandler(log));

  const server = configureKeepAlive(createServer(app));
  const subscriptions: SubscriptionServer | undefined = subgraph.schema.getSubscriptionType()
    ? serveSubscriptions(server, subgraph, assertionVerifier, log)
    : undefined;
  metrics.trackSubscriptions({ client: () => subscriptions?.activeCount() ?? 0 });
  if (subgraph.backlogs) metrics.trackBacklogs(subgraph.backlogs);
  await listen(server, options.port, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info({ url }, 'subgraph listening');

  return {
    url,
    port,
    activeSubscriptions: () => subscriptions?.activeCount() ?? 0,
    listeningSubscriptions: () => subscriptions?.listeningCount() ?? 0,
    async stop() {
      await subscriptions?.close();
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** What a subgraph package exports: `createSubgraph` from `definePrismaSubgraph`. */
export interface SubgraphFactory {
  (options: CreateSubgraphOptions): Promise<Subgraph & { publishPendingEvents(): Promise<number> }>;
  /** The subgraph's own environment variables, merged into the process's configuration. */
  settings: z.ZodObject;
  /** Applies its migrations to a database and closes it. */
  migrate(location: DatabaseLocation): Promise<void>;
  /** Its `prisma/` folder (schema and migrations). */
  prismaDir: string;
}

/**
 * Entry point of a subgraph run as its own process (docker-compose, a partner team's dev loop):
 * parses the process's whole configuration first (failing fast, naming the variable), opens
 * the database, loads demo data unless PLAZA_DEMO_DATA=false, listens on PORT (default: the
 * subgraph's port in supergraph.yaml), and shuts down cleanly on SIGINT/SIGTERM.
 */
export async function runStandalone(name: string, createSubgraph: SubgraphFactory): Promise<void> {
  const config = loadConfig(subgraphProcessSettings(createSubgraph.settings));
  configureLogging({ level: config.LOG_LEVEL ?? 'info' });
  const entry = topology().subgraphs.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`Subgraph ${name} is not listed in ${topology().file}`);
  // Separate processes must share a broker for events: the in-process bus reaches only this
  // process, so a producer's events would wait in its outbox for consumers that never come.
  if (config.PLAZA_EVENT_BUS === 'memory' && (entry.publishesEvents || entry.consumerGroup)) {
    throw new Error(
      `Subgraph ${name} publishes or consumes domain events: run it with PLAZA_EVENT_BUS=redis or nats (memory is for the one-process stack)`,
    );
  }
  const assertionVerifier = resolveAssertionVerifier({
    configured: config.PLAZA_GATEWAY_PUBLIC_KEYS,
    variable: 'PLAZA_GATEWAY_PUBLIC_KEYS',
    production: config.NODE_ENV === 'production',
    gatewayKeyFile: keyFileIn(dataDirOf(config), 'gateway'),
  });
  const bus = createEventBus(config, []);
  const live = await createLivePubSub({
    kind: config.PLAZA_PUBSUB,
    redisUrl: config.REDIS_URL,
    natsUrl: config.NATS_URL,
    namespace: config.PLAZA_LIVE_PREFIX,
  });
  const subgraph = await createSubgraph({ location: databaseLocationOf(name, config), bus, live, poolSize: config.DATABASE_POOL_MAX });
  const log = createLogger(subgraph.name);
  if (config.PLAZA_DEMO_DATA) await subgraph.seedDemo?.();
  const server = await serveSubgraph(subgraph, {
    port: config.PORT ?? entry.port,
    host: config.HOST ?? '127.0.0.1',
    assertionVerifier,
    exposeInternalErrors: config.NODE_ENV === 'development',
    log,
  });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await server.stop();
    await subgraph.close();
    await bus.close();
    await live.close();
    process.exit(0);
  };
  process.once('SIGINT', (signal) => void shutdown(signal));
  process.once('SIGTERM', (signal) => void shutdown(signal));
}
