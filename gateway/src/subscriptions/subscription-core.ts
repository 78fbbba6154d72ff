/**
 * Federated subscriptions, whatever carries them to clients: puts together planning, shared
 * upstream streams, per-event completion, connection sessions and membership re-checks.
 */
import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { signViewerAssertion, type SigningKeys, type Viewer } from '@plaza/auth';
import type { Logger } from '@plaza/subgraph-kit';
import type { OperationLimits } from '../operation-limits.ts';
import type { ViewerAccess } from '../viewer-access.ts';
import { ViewerForwardingDataSource } from '../viewer-data-source.ts';
import { unauthenticated, type GatewayContext } from '../viewer-context.ts';
import { SessionRegistry, viewerKeyOf, type ConnectionSession, type SessionEnd, type ViewerCredentials } from './connection-session.ts';
import { EventExecutor } from './event-executor.ts';
import { MembershipRecheck } from './membership-recheck.ts';
import { SharedFetches } from './shared-fetches.ts';
import { SharedStreams } from './stream-registry.ts';
import { SubscriptionPlanner, type PreparedSubscription } from './subscription-planner.ts';
import { UpstreamPool } from './upstream.ts';

export type { SessionEnd, ViewerCredentials };

export interface SubscriptionCoreOptions {
  subgraphUrls: Record<string, string>;
  /** Verifies a client's `Authorization` header and resolves the viewer it acts as now (the gateway's HTTP path does the same). */
  authenticate(authorization: string): Promise<ViewerCredentials>;
  /** Signs viewer assertions for subgraphs. */
  assertionKeys: SigningKeys;
  /** Asks identity what a viewer may do now (role, live session); used by the periodic re-check. */
  lookupAccess(viewer: Viewer): Promise<ViewerAccess>;
  log: Logger;
  /** How often each viewer's membership is re-checked with identity, ms. Default 30,000. */
  revalidateMs?: number;
  /**
   * How long a viewer's membership may stay unconfirmed — identity unreachable, failing, or not
   * answering — before its sessions end with MEMBERSHIP_UNCONFIRMED, ms. Default 3 × revalidateMs
   * (90,000 with the default interval). A single failed re-check changes nothing; the viewer is
   * disconnected by the first re-check that fails once the period has passed since the first
   * failure, so between graceMs and graceMs + revalidateMs into an outage. A confirmed re-check
   * starts the period afresh. Must be at least revalidateMs.
   */
  membershipGraceMs?: number;
  /** Distinct subscription documents whose plans are kept, least recently used out first. Default 1,000. */
  planCacheSize?: number;
  /** What one subscription may ask; default SIGNED_IN_LIMITS. */
  operationLimits?: OperationLimits;
  /** Turns an execution result's errors into what clients see (the gateway's formatter). */
  formatError(error: GraphQLFormattedError): GraphQLFormattedError;
  /** Counts fetches per subgraph (shared with the HTTP path's data sources). */
  countFetch?: (subgraph: string) => () => void;
}

/** One client connection (a WebSocket, or one event stream) of one viewer. */
export interface SubscriptionSession {
  /** Results of one subscription, errors already formatted for clients. Returning it unsubscribes. */
  subscribe(prepared: PreparedSubscription, variables: Record<string, unknown>): AsyncIterableIterator<FormattedExecutionResult>;
  /** The client went away: stops its subscriptions and its re-checks. */
  close(): void;
}

export interface SubscriptionCore {
  /** Verifies `Authorization: Bearer <jwt>`; throws an UNAUTHENTICATED GraphQLError when missing or invalid. */
  authenticate(authorization: string | undefined): Promise<ViewerCredentials>;
  /** Validates and plans a subscription, or explains why it cannot run. */
  prepare(query: string, operationName?: string | null): PreparedSubscription | readonly GraphQLError[];
  /** The client-facing schema (undefined until the first supergraph). */
  apiSchema(): GraphQLSchema | undefined;
  /**
   * Starts ending the session at token expiry and when identity no longer confirms the
   * membership. `onEnd` is how the transport tells its client (graphql-ws closes the socket);
   * without it, each of the session's subscriptions ends with a last result carrying the error.
   */
  openSession(credentials: ViewerCredentials, onEnd?: (end: SessionEnd) => void): SubscriptionSession;
  /**
   * Ends at once every session of this user in this organization (in every organization when
   * null, e.g. signed out everywhere), whatever role it was opened with: for when identity
   * reports a removal, a role change or a sign-out, rather than waiting for the next re-check. Sessions end as they do at a re-check (`onEnd`, or a last result carrying `end`).
   */
  endViewerSessions(match: { userId: string; organizationId: string | null }, end: SessionEnd): void;
  /** Applies a new supergraph (startup and every composition update). */
  updateSupergraph(sdl: string): void;
  /** Subscriptions open towards subgraphs: shared streams count once. */
  upstreamCount(): number;
  /** Client subscriptions open now. */
  clientCount(): number;
  /** Ends every session's subscriptions and closes the upstream connections. */
  close(): Promise<void>;
}

/**
 * Each subscription goes to the subgraph that owns its root field (the plan's primary fetch);
 * every event is then completed through the federation query plan, so fields from any subgraph
 * can be selected. Sessions end when their token expires, when identity stops confirming their
 * membership, or when the gateway is told the membership changed.
 */
export function createSubscriptionCore(options: SubscriptionCoreOptions): SubscriptionCore {
  const { log } = options;
  let planner: SubscriptionPlanner | undefined;
  const dataSources: Record<string, GraphQLDataSource<GatewayContext>> = Object.fromEntries(
    Object.entries(options.subgraphUrls).map(([name, url]) => [
      name,
      new ViewerForwardingDataSource(url, options.assertionKeys, options.countFetch?.(name), true),
    ]),
  );
  // Events complete through these: identical fetches of many viewers share shareable answers.
  const sharedFetches = new SharedFetches();
  const executor = new EventExecutor({
    dataSources: Object.fromEntries(Object.entries(dataSources).map(([name, source]) => [name, sharedFetches.wrap(name, source)])),
    planner: () => planner,
    log,
  });
  const upstream = new UpstreamPool(options.subgraphUrls);
  const streams = new SharedStreams({
    upstream,
    assertViewer: (viewer) => signViewerAssertion(viewer, options.assertionKeys),
    completeEvent: (request, event) => executor.complete(request, event),
    log,
  });
  const sessions = new SessionRegistry();
  const recheck = new MembershipRecheck({
    intervalMs: options.revalidateMs,
    graceMs: options.membershipGraceMs,
    viewers: () => sessions.viewers(),
    lookup: async (viewer) => {
      const access = await options.lookupAccess(viewer);
      return { confirmed: true, role: access.sessionActive ? access.role : null };
    },
    endViewer: (viewer, end) => sessions.endWhere((other) => viewerKeyOf(other) === viewerKeyOf(viewer), end),
    log,
  });
  recheck.start();

  // Same error contract as HTTP responses: codes kept, internals masked, no service names.
  const format = ({ errors, ...result }: ExecutionResult): FormattedExecutionResult =>
    errors ? { ...result, errors: errors.map((error) => options.formatError(error.toJSON())) } : result;

  const subscribe = (session: ConnectionSession, prepared: PreparedSubscription, variables: Record<string, unknown>) =>
    session.subscribe((deliver) =>
      streams.join(prepared, variables, session.viewer, (result, last) =>
        deliver(result.errors || result.data ? format(result) : undefined, last),
      ),
    );

  return {
    async authenticate(authorization) {
      if (!authorization) throw unauthenticated('Subscriptions need an access token: send "Authorization: Bearer <token>"');
      return options.authenticate(authorization);
    },
    prepare(query, operationName) {
      if (!planner) return [new GraphQLError('The gateway has no supergraph yet', { extensions: { code: 'SERVICE_UNAVAILABLE' } })];
      return planner.prepare(query, operationName);
    },
    apiSchema: () => planner?.apiSchema,
    openSession(credentials, onEnd) {
      const session = sessions.open(credentials, onEnd);
      return {
        subscribe: (prepared, variables) => subscribe(session, prepared, variables),
        close: () => session.close(),
      };
    },
    endViewerSessions({ userId, organizationId }, end) {
      sessions.endWhere((viewer) => viewer.userId === userId && (organizationId === null || viewer.organizationId === organizationId), end);
    },
    updateSupergraph(sdl) {
      planner = new SubscriptionPlanner(sdl, { cacheSize: options.planCacheSize, limits: options.operationLimits });
    },
    upstreamCount: () => upstream.activeCount(),
    clientCount: () => sessions.subscriptionCount(),
    async close() {
      recheck.stop();
      sessions.closeAll();
      await upstream.close();
    },
  };
}
