import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { secretsFromEnv } from '@plaza/auth';
import { baseContextFromHeaders, type BaseContext } from './context.ts';
import { createErrorFormatter } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { serveSubscriptions, type SubscriptionServer } from './subscriptions.ts';
import { createLivePubSub, eventBusFromEnv, type EventBus, type LivePubSub } from '@plaza/events';

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
  close(): Promise<void>;
}

export interface ServeOptions {
  port: number;
  host?: string;
  /** Secret that verifies the gateway's viewer assertions. Default: PLAZA_INTERNAL_SECRET. */
  internalSecret?: string;
  log?: Logger;
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
 * Serves a subgraph over HTTP: POST /graphql, GET /health (process is up) and GET /ready
 * (database answers). Port 0 picks a free port, which tests use to run stacks side by side.
 */
export async function serveSubgraph(subgraph: Subgraph, options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger(subgraph.name);
  const internalSecret = options.internalSecret ?? secretsFromEnv().internalSecret;
  const apollo = new ApolloServer<BaseContext>({
    schema: subgraph.schema,
    formatError: createErrorFormatter(log, process.env.NODE_ENV === 'development'),
    introspection: true,
    logger: log,
    includeStacktraceInErrorResponses: false,
    // Inline traces feed Apollo's hosted studio, which Plaza does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
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
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => subgraph.createContext(await baseContextFromHeaders(req.headers, internalSecret, log)),
    }),
  );

  const server = createServer(app);
  const subscriptions: SubscriptionServer | undefined = subgraph.schema.getSubscriptionType()
    ? serveSubscriptions(server, subgraph, internalSecret, log)
    : undefined;
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

/**
 * Entry point of a subgraph run as its own process (docker-compose, a partner team's dev loop):
 * opens the database, loads demo data unless PLAZA_DEMO_DATA=false, listens on PORT, and shuts
 * down cleanly on SIGINT/SIGTERM.
 */
export async function runStandalone(
  create: (options: { bus: EventBus; live: LivePubSub }) => Promise<Subgraph>,
  options: { defaultPort: number },
): Promise<void> {
  // Separate processes must share a broker for events and live updates: PLAZA_EVENT_BUS and
  // PLAZA_PUBSUB (redis or nats). The in-process defaults only reach subgraphs in this process.
  const bus = eventBusFromEnv();
  const live = await createLivePubSub();
  const subgraph = await create({ bus, live });
  const log = createLogger(subgraph.name);
  if (process.env.PLAZA_DEMO_DATA !== 'false') await subgraph.seedDemo?.();
  const server = await serveSubgraph(subgraph, {
    port: Number(process.env.PORT ?? options.defaultPort),
    host: process.env.HOST ?? '127.0.0.1',
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
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
