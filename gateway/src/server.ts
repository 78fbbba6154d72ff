import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { SigningKeys } from '@plaza/auth';
import { BROADCAST, VIEWER_ACCESS_CHANGED, viewerAccessChange, type LivePubSub } from '@plaza/events';
import {
  configureKeepAlive,
  createLogger,
  graphqlBodyParser,
  graphqlHttpErrorHandler,
  requestRulesPlugin,
  ServiceMetrics,
  type Logger,
} from '@plaza/subgraph-kit';
import { createGatewayErrorFormatter } from './format-error.ts';
import { serveGatewaySubscriptions, type GatewaySubscriptions } from './subscriptions/subscription-server.ts';
import { createConnectionCaps, DEFAULT_SUBSCRIPTION_CAPS, type ConnectionCaps } from './subscriptions/connection-caps.ts';
import { corsMiddleware, DEVELOPMENT_CORS_ORIGINS, playgroundSecurityHeaders, securityHeaders, type CorsOrigins } from './http-security.ts';
import { playgroundHtml } from './playground.ts';
import { operationLimitsOf, operationLimitsPlugin, sourceLimitsMiddleware, type ViewerClassLimits } from './operation-limits.ts';
import { DEFAULT_RATE_POLICIES, createRateLimits, type RateLimits } from './rate-limits.ts';
import { apiKeyViewerFromIdentity } from './api-keys.ts';
import { checkSubgraphs } from './readiness.ts';
import { TRUSTED_DOCUMENTS_OFF, trustedDocumentsMiddleware, type TrustedDocuments } from './trusted-documents.ts';
import { SubgraphDataSource } from './subgraph-data-source.ts';
import { ViewerAccessResolver, viewerAccessFromIdentity } from './viewer-access.ts';
import { viewerFromAuthorization, type GatewayContext } from './viewer-context.ts';
import { ViewerForwardingDataSource } from './viewer-data-source.ts';

/** The key of subgraphFetches() that counts the viewer-access lookups sent to identity. */
export const VIEWER_ACCESS_FETCHES = 'identity:viewerAccess';
/** The key of subgraphFetches() that counts the API-key lookups sent to identity (one per request with a key). */
export const API_KEY_FETCHES = 'identity:apiKeyAccess';

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Routing URL per subgraph name (`<NAME>_URL`, else the port in supergraph.yaml). */
  subgraphUrls: Record<string, string>;
  /** The composed supergraph. Omit to compose from the running subgraphs (development mode). */
  supergraphSdl?: string;
  /** The gateway's keys for viewer assertions (PLAZA_GATEWAY_SIGNING_KEYS); subgraphs hold the public halves. */
  assertionKeys: SigningKeys;
  /**
   * Verifies access tokens. Default: identity's public keys fetched from `jwksUrl` (cached,
   * refetched when a token names a key not seen yet, so rotation needs no restart).
   */
  accessTokenKeys?: JWTVerifyGetKey;
  /** Identity's JWKS (PLAZA_JWKS_URL). Default: identity's routing URL with path /.well-known/jwks.json. */
  jwksUrl?: string;
  /**
   * Where identity announces role changes, removals and sign-outs: the gateway drops its cached
   * view of the user and ends their subscriptions at once. Without it, changes apply within viewerAccessTtlMs.
   */
  live?: LivePubSub;
  /** How long identity's answer about a viewer (role, session) is reused, ms. Default 10,000. */
  viewerAccessTtlMs?: number;
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
  /**
   * Longest one subgraph fetch may take, answer included, ms (PLAZA_SUBGRAPH_TIMEOUT_MS).
   * Default 10,000. A fetch that times out, or cannot reach its subgraph, fails only the fields
   * it was to fill, with SUBGRAPH_UNAVAILABLE naming the subgraph.
   */
  subgraphTimeoutMs?: number;
  /**
   * What one operation may ask, per class of caller (depth, aliases, root fields, directives,
   * tokens, characters, estimated cost, introspection): refused with OPERATION_LIMIT_EXCEEDED
   * before planning. Default: operationLimitsOf({}) (development: introspection for everyone).
   */
  operationLimits?: ViewerClassLimits;
  /**
   * Per-minute budgets of requests and estimated cost per user (or client address when
   * anonymous), refused with RATE_LIMITED (HTTP 429). Default: DEFAULT_RATE_POLICIES in memory.
   */
  rateLimits?: RateLimits;
  /** Leave "Did you mean …?" suggestions out of validation errors (production). Default false. */
  hideSchemaDetails?: boolean;
  /** How long a connection to a subgraph may sit idle before the gateway closes it; default below the subgraphs' keep-alive timeout (tests shorten it). */
  subgraphIdleSocketTimeoutMs?: number;
  /**
   * Proxies whose X-Forwarded-For the gateway believes about a client's address (Express's
   * `trust proxy`: a hop count or addresses/subnets; PLAZA_TRUST_PROXY). Default false: the
   * address is the TCP peer's. The address reaches subgraphs inside the signed viewer assertion.
   */
  trustProxy?: number | string[] | false;
  /**
   * Browser origins allowed to call the gateway from other origins (PLAZA_CORS_ORIGINS). Default
   * DEVELOPMENT_CORS_ORIGINS (pages on localhost); production configures its own or none.
   */
  corsOrigins?: CorsOrigins;
  /**
   * Subscriptions per connection and connections per user (WebSockets and event streams), refused
   * with RATE_LIMITED naming the cap. Default DEFAULT_SUBSCRIPTION_CAPS, counted in memory.
   */
  connectionCaps?: ConnectionCaps;
  /**
   * Trusted documents (a client build's manifest; mode off, allow-also or enforce) and where
   * automatic persisted queries are kept. Default TRUSTED_DOCUMENTS_OFF: any document, APQ in memory.
   */
  trustedDocuments?: TrustedDocuments;
  /**
   * Leaves out operation limits, rate limits and the Prometheus plugin: the baseline the gateway's
   * overhead benchmark (bench/src/gateway-overhead.ts) compares with. Never for serving. Default false.
   */
  overheadBaseline?: boolean;
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
  const operationLimits = options.operationLimits ?? operationLimitsOf({});
  const trustedDocuments = options.trustedDocuments ?? TRUSTED_DOCUMENTS_OFF;
  const { assertionKeys } = options;
  const urls = options.subgraphUrls;
  const identityUrl = urls.identity;
  if (!identityUrl)
    throw new Error('The gateway needs the identity subgraph: it verifies tokens with its keys and asks it who viewers are');
  const accessTokenKeys =
    options.accessTokenKeys ?? createRemoteJWKSet(new URL(options.jwksUrl ?? new URL('/.well-known/jwks.json', identityUrl).href));

  const metrics = new ServiceMetrics('gateway');
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
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        name,
        url: urls[name] ?? url!,
        assertionKeys,
        timeoutMs: options.subgraphTimeoutMs,
        idleSocketTimeoutMs: options.subgraphIdleSocketTimeoutMs,
        log,
        onFetch: countFetch(name),
        onFetchSettled: (outcome) => metrics.observeSubgraphFetch(name, outcome),
      }),
    logger: log,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  // First, so every answer carries them: errors, 404s, preflights, the playground.
  app.use(corsMiddleware(options.corsOrigins ?? DEVELOPMENT_CORS_ORIGINS), securityHeaders());
  const httpServer = configureKeepAlive(createServer(app));
  const formatError = createGatewayErrorFormatter(log);
  // Counted apart from the query plans' identity fetches: one per viewer per cache period or
  // re-check round, whatever the operations (subgraphFetches()['identity:viewerAccess']).
  const lookupAccess = viewerAccessFromIdentity(
    new ViewerForwardingDataSource(identityUrl, assertionKeys, countFetch(VIEWER_ACCESS_FETCHES)),
    log,
  );
  const access = new ViewerAccessResolver({ lookup: lookupAccess, ttlMs: options.viewerAccessTtlMs, log });
  const authenticate = (authorization: string | undefined) =>
    viewerFromAuthorization(authorization, accessTokenKeys, (token) => access.resolve(token));
  const resolveApiKey = apiKeyViewerFromIdentity(
    new ViewerForwardingDataSource(identityUrl, assertionKeys, countFetch(API_KEY_FETCHES)),
    log,
  );
  const subscriptions = serveGatewaySubscriptions({
    httpServer,
    subgraphUrls: urls,
    authenticate,
    assertionKeys,
    lookupAccess,
    log,
    formatError: (error) => formatError(error, error),
    revalidateMs: options.subscriptionRevalidateMs,
    membershipGraceMs: options.subscriptionMembershipGraceMs,
    countFetch,
    operationLimits: operationLimits.signedIn,
    connectionCaps: options.connectionCaps ?? createConnectionCaps(DEFAULT_SUBSCRIPTION_CAPS, null),
    trustedDocuments,
  });
  metrics.trackSubscriptions({ client: () => subscriptions.clientCount(), upstream: () => subscriptions.upstreamCount() });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => subscriptions.updateSupergraph(coreSupergraphSdl));
  const accessChanges = options.live ? followAccessChanges(options.live, access, subscriptions, log) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Per caller, in operationLimitsPlugin: signed-in users (the playground) and development always.
    introspection: true,
    hideSchemaDetailsFromClientErrors: options.hideSchemaDetails ?? false,
    logger: log,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Registering a document through APQ would make it runnable: none under enforce.
    persistedQueries:
      trustedDocuments.mode === 'enforce' ? false : trustedDocuments.apqCache ? { cache: trustedDocuments.apqCache } : undefined,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requestRulesPlugin(),
      ...(options.overheadBaseline
        ? []
        : [operationLimitsPlugin(operationLimits, options.rateLimits ?? createRateLimits(DEFAULT_RATE_POLICIES, null)), metrics.plugin()]),
    ],
  });
  await apollo.start();

  app.get('/metrics', metrics.handler());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/ready', async (_req, res) => {
    const readiness = await checkSubgraphs(urls);
    res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
  });
  const playgroundHeaders = playgroundSecurityHeaders(playgroundHtml());
  app.get('/graphql', (req, res, next) => {
    const wantsPage = req.accepts(['application/json', 'text/html']) === 'text/html' && !('query' in req.query);
    if (!wantsPage) return next();
    playgroundHeaders(req, res, () => res.type('html').send(playgroundHtml()));
  });
  app.use(
    '/graphql',
    graphqlBodyParser(),
    trustedDocumentsMiddleware(trustedDocuments),
    ...(options.overheadBaseline ? [] : [sourceLimitsMiddleware(operationLimits)]),
    // Subscriptions asked for as an event stream; queries and mutations go on to Apollo Server.
    subscriptions.eventStreams,
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<GatewayContext> => {
        const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
        const { viewer, tokenExpiresAt } = await viewerFromAuthorization(
          req.headers.authorization,
          accessTokenKeys,
          (token) => access.resolve(token),
          resolveApiKey,
        );
        // Anonymous requests (sign-in) carry it too: identity limits failed sign-ins per address.
        return { viewer: { ...viewer, clientAddress: req.ip ?? null }, requestId, tokenExpiresAt };
      },
    }),
  );
  app.use(graphqlHttpErrorHandler(log));

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
      await accessChanges?.return?.();
      await subscriptions.close();
      await apollo.stop();
      await trustedDocuments.close();
    },
  };
}

/**
 * Applies identity's announcements as they come: the cached view of the user goes, and their
 * subscriptions in that organization (or all of them, after a sign-out) end now.
 */
function followAccessChanges(
  live: LivePubSub,
  access: ViewerAccessResolver,
  subscriptions: Pick<GatewaySubscriptions, 'endViewerSessions'>,
  log: Logger,
) {
  const changes = live.pubsub.subscribe(VIEWER_ACCESS_CHANGED, BROADCAST);
  void (async () => {
    for await (const message of changes) {
      const parsed = viewerAccessChange.safeParse(message);
      if (!parsed.success) {
        log.warn({ issues: parsed.error.issues }, 'ignored a malformed viewer-access announcement');
        continue;
      }
      const change = parsed.data;
      access.invalidate(change);
      subscriptions.endViewerSessions(
        change,
        change.reason === 'SIGNED_OUT'
          ? { code: 'UNAUTHENTICATED', message: 'Signed out; sign in again' }
          : {
              code: 'FORBIDDEN',
              message: change.reason === 'MEMBERSHIP_ENDED' ? 'Your membership has ended' : 'Your role changed; subscribe again',
            },
      );
    }
  })().catch((error: unknown) => log.error({ err: error }, 'following viewer-access announcements failed'));
  return changes;
}
