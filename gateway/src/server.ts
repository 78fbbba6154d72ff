import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { AuthSecrets } from '@plaza/auth';
import { createLogger, type Logger } from '@plaza/subgraph-kit';
import { createGatewayErrorFormatter } from './format-error.ts';
import { serveGatewaySubscriptions } from './subscriptions/subscription-server.ts';
import { playgroundHtml } from './playground.ts';
import { viewerFromAuthorization, type GatewayContext } from './viewer-context.ts';
import { ViewerForwardingDataSource } from './viewer-data-source.ts';

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Routing URL per subgraph name (`<NAME>_URL`, else the port in supergraph.yaml). */
  subgraphUrls: Record<string, string>;
  /** The composed supergraph. Omit to compose from the running subgraphs (development mode). */
  supergraphSdl?: string;
  secrets: AuthSecrets;
  log?: Logger;
  /** How often a subscriber's membership is re-checked with identity, ms (PLAZA_SUBSCRIPTION_RECHECK_MS). Default 30,000. */
  subscriptionRevalidateMs?: number;
  /**
   * How long a subscriber's membership may stay unconfirmed (identity unreachable, failing or
   * not answering) before its subscriptions end — WebSocket closed with 4403, event stream
   * ended with MEMBERSHIP_UNCONFIRMED — ms (PLAZA_SUBSCRIPTION_GRACE_MS). Default
   * 3 × subscriptionRevalidateMs (90,000 with the default interval).
   * One failed re-check changes nothing. Must be at least subscriptionRevalidateMs.
   */
  subscriptionMembershipGraceMs?: number;
  /**
   * Let @apollo/gateway export usage to Apollo and probe cloud metadata endpoints
   * (APOLLO_TELEMETRY_DISABLED=false). Default false: Plaza sends nothing to third parties.
   */
  apolloTelemetry?: boolean;
}

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: Server;
  /** Subscriptions open towards subgraphs (identical subscribers share one). */
  upstreamSubscriptions(): number;
  /** Client subscriptions open on this gateway. */
  clientSubscriptions(): number;
  /** Fetches sent to each subgraph since start (queries, mutations and subscription events). */
  subgraphFetches(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  // @apollo/gateway reads this variable itself: without it, it exports usage metrics to Apollo
  // and probes cloud metadata endpoints (169.254.169.254, …) to describe its host.
  if (!options.apolloTelemetry) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const log = options.log ?? createLogger('gateway');
  const { secrets } = options;
  const urls = options.subgraphUrls;

  const fetches: Record<string, number> = {};
  const countFetch = (name: string) => () => {
    fetches[name] = (fetches[name] ?? 0) + 1;
  };
  const gateway = new ApolloGateway({
    ...(options.supergraphSdl
      ? { supergraphSdl: options.supergraphSdl }
      : {
          supergraphSdl: new IntrospectAndCompose({
            subgraphs: Object.entries(urls).map(([name, url]) => ({ name, url })),
            pollIntervalInMs: 5_000,
          }),
        }),
    buildService: ({ name, url }) => new ViewerForwardingDataSource(urls[name] ?? url!, secrets.internalSecret, countFetch(name)),
    logger: log,
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const formatError = createGatewayErrorFormatter(log);
  const subscriptions = serveGatewaySubscriptions({
    httpServer,
    subgraphUrls: urls,
    jwtSecret: secrets.jwtSecret,
    internalSecret: secrets.internalSecret,
    log,
    formatError: (error) => formatError(error, error),
    revalidateMs: options.subscriptionRevalidateMs,
    membershipGraceMs: options.subscriptionMembershipGraceMs,
    countFetch,
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => subscriptions.updateSupergraph(coreSupergraphSdl));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    logger: log,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/graphql', (req, res, next) => {
    const wantsPage = req.accepts(['application/json', 'text/html']) === 'text/html' && !('query' in req.query);
    if (!wantsPage) return next();
    res.type('html').send(playgroundHtml());
  });
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    // Subscriptions asked for as an event stream; queries and mutations go on to Apollo Server.
    subscriptions.eventStreams,
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<GatewayContext> => {
        const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
        const { viewer, tokenExpiresAt } = await viewerFromAuthorization(req.headers.authorization, secrets.jwtSecret);
        return { viewer, requestId, tokenExpiresAt };
      },
    }),
  );

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/graphql`;
  log.info({ url }, 'gateway listening');

  return {
    url,
    port,
    httpServer,
    upstreamSubscriptions: () => subscriptions.upstreamCount(),
    clientSubscriptions: () => subscriptions.clientCount(),
    subgraphFetches: () => ({ ...fetches }),
    async stop() {
      await subscriptions.close();
      await apollo.stop();
    },
  };
}
