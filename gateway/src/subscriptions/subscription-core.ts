import { createHash } from 'node:crypto';
import { executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import { Repeater } from '@repeaterjs/repeater';
import pLimit from 'p-limit';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { signViewerAssertion, type Viewer } from '@plaza/auth';
import type { Logger } from '@plaza/subgraph-kit';
import { ViewerForwardingDataSource } from '../viewer-data-source.ts';
import { unauthenticated, viewerFromAuthorization, type GatewayContext } from '../viewer-context.ts';
import { SharedFetches } from './shared-fetches.ts';
import { EVENT_SOURCE, SubscriptionPlanner, type PreparedSubscription } from './subscription-planner.ts';
import { UpstreamPool, type UpstreamEvent } from './upstream.ts';

export interface SubscriptionCoreOptions {
  subgraphUrls: Record<string, string>;
  jwtSecret: string;
  internalSecret: string;
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
  /** Turns an execution result's errors into what clients see (the gateway's formatter). */
  formatError(error: GraphQLFormattedError): GraphQLFormattedError;
  /** Counts fetches per subgraph (shared with the HTTP path's data sources). */
  countFetch?: (subgraph: string) => () => void;
}

/** Who a transport's client is, as its access token says. */
export interface ViewerCredentials {
  viewer: Viewer;
  tokenExpiresAt: Date | null;
}

/** Why the gateway ended a session; `code` is the `extensions.code` clients see. */
export interface SessionEnd {
  code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'MEMBERSHIP_UNCONFIRMED';
  message: string;
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
  /** Applies a new supergraph (startup and every composition update). */
  updateSupergraph(sdl: string): void;
  /** Subscriptions open towards subgraphs: shared streams count once. */
  upstreamCount(): number;
  /** Client subscriptions open now. */
  clientCount(): number;
  /** Ends every session's subscriptions and closes the upstream connections. */
  close(): Promise<void>;
}

type Listener = (result: ExecutionResult, last: boolean) => void;

/** Subscribers of the same operation, variables and viewer share one upstream stream and one execution per event. */
interface SharedStream {
  listeners: Set<Listener>;
  release(): void;
}

interface SessionState {
  viewer: Viewer;
  viewerKey: string;
  expiryTimer?: NodeJS.Timeout;
  onEnd?: (end: SessionEnd) => void;
  /** Ends each open subscription, after `last` when given. */
  finishers: Set<(last?: FormattedExecutionResult) => void>;
}

/** Re-check bookkeeping of one viewer (user, organization, role), shared by its sessions. */
interface ViewerCheck {
  /** Start of the first re-check that failed since the last confirmation. */
  failingSince?: number;
  /** Start of the re-check still waiting for identity's answer. */
  inFlightSince?: number;
}

const viewerKeyOf = (viewer: Viewer) => `${viewer.userId}|${viewer.organizationId}|${viewer.role}`;

/**
 * Federated subscriptions, whatever carries them to clients. Each subscription goes to the
 * subgraph that owns its root field (the plan's primary fetch); every event is then completed
 * through the federation query plan, so fields from any subgraph can be selected. Sessions end
 * when their token expires or identity stops confirming their membership.
 */
export function createSubscriptionCore(options: SubscriptionCoreOptions): SubscriptionCore {
  const { log } = options;
  const revalidateMs = options.revalidateMs ?? 30_000;
  const graceMs = options.membershipGraceMs ?? 3 * revalidateMs;
  if (graceMs < revalidateMs) {
    throw new RangeError(`membershipGraceMs must be at least revalidateMs (${revalidateMs}) so one failed re-check cannot end sessions; got ${graceMs}`);
  }
  let planner: SubscriptionPlanner | undefined;
  const dataSources: Record<string, GraphQLDataSource> = Object.fromEntries(
    Object.entries(options.subgraphUrls).map(([name, url]) => [name, new ViewerForwardingDataSource(url, options.internalSecret, options.countFetch?.(name), true)]),
  );
  // Events complete through these: identical fetches of many viewers share shareable answers.
  const sharedFetches = new SharedFetches();
  const eventDataSources = Object.fromEntries(Object.entries(dataSources).map(([name, source]) => [name, sharedFetches.wrap(name, source)]));
  const upstream = new UpstreamPool(options.subgraphUrls);
  const streams = new Map<string, SharedStream>();
  const sessions = new Set<SessionState>();
  const viewerChecks = new Map<string, ViewerCheck>();
  let clients = 0;

  const format = (result: ExecutionResult): FormattedExecutionResult =>
    // Same error contract as HTTP responses: codes kept, internals masked, no service names.
    result.errors?.length ? { ...result, errors: result.errors.map((error) => options.formatError(error.toJSON())) } : (result as FormattedExecutionResult);

  const execute = async (prepared: PreparedSubscription, variables: Record<string, unknown>, context: GatewayContext, event: UpstreamEvent): Promise<ExecutionResult> => {
    if (!event.data) return { errors: (event.errors ?? []).map((error) => new GraphQLError(error.message, { extensions: error.extensions })) };
    const eventSource: GraphQLDataSource = { process: async () => ({ data: event.data, errors: event.errors as never }) };
    const requestContext = {
      request: { query: '', variables },
      context,
      logger: log,
      metrics: {},
      cache: undefined,
    } as unknown as Parameters<typeof executeQueryPlan>[2];
    return executeQueryPlan(
      planner!.eventPlan(prepared),
      { ...eventDataSources, [EVENT_SOURCE]: eventSource },
      requestContext,
      prepared.operationContext,
      planner!.supergraphSchema,
      planner!.api,
    ) as Promise<ExecutionResult>;
  };

  const openStream = (key: string, prepared: PreparedSubscription, variables: Record<string, unknown>, viewer: Viewer): SharedStream => {
    const listeners = new Set<Listener>();
    const context: GatewayContext = { viewer, requestId: `sub-${key.slice(0, 12)}`, tokenExpiresAt: null };
    let chain = Promise.resolve();
    let ended = false;
    const broadcast = (result: ExecutionResult, last: boolean) => {
      for (const listener of listeners) listener(result, last);
    };
    const end = (result?: ExecutionResult) => {
      if (ended) return;
      ended = true;
      streams.delete(key);
      broadcast(result ?? {}, true);
    };
    let unsubscribe = () => {};
    const stream: SharedStream = {
      listeners,
      release: () => {
        streams.delete(key);
        ended = true;
        unsubscribe();
      },
    };
    void signViewerAssertion(viewer, options.internalSecret).then((assertion) => {
      if (ended) return;
      unsubscribe = upstream.subscribe(prepared.primary, variables, assertion, {
        next: (event) => {
          chain = chain
            .then(() => execute(prepared, variables, context, event))
            .then((result) => broadcast(result, false))
            .catch((error) => log.error({ err: error }, 'subscription event failed'));
        },
        error: (error) => {
          log.warn({ err: error, service: prepared.primary.serviceName }, 'upstream subscription ended with an error');
          void chain.then(() =>
            end({
              errors: [
                new GraphQLError('The subscription ended because a service restarted or became unavailable; subscribe again', {
                  extensions: { code: 'SUBSCRIPTION_ENDED' },
                }),
              ],
            }),
          );
        },
        complete: () => void chain.then(() => end()),
      });
    });
    return stream;
  };

  const subscribe = (session: SessionState, prepared: PreparedSubscription, variables: Record<string, unknown>) =>
    new Repeater<FormattedExecutionResult>(async (push, stop) => {
      // The session may have ended before its client started reading.
      if (!sessions.has(session)) {
        stop();
        return;
      }
      const key = createHash('sha256')
        .update(JSON.stringify([prepared.operationContext.operation.loc?.source.body ?? '', prepared.operationContext.operation.name?.value, variables, session.viewer]))
        .digest('hex');
      let stream = streams.get(key);
      if (!stream) {
        stream = openStream(key, prepared, variables, session.viewer);
        streams.set(key, stream);
      }
      const listener: Listener = (result, last) => {
        if (result.errors || result.data) void push(format(result));
        if (last) stop();
      };
      const finish = (last?: FormattedExecutionResult) => {
        if (last) void push(last);
        stop();
      };
      stream.listeners.add(listener);
      session.finishers.add(finish);
      clients++;
      await stop;
      clients--;
      session.finishers.delete(finish);
      stream.listeners.delete(listener);
      if (stream.listeners.size === 0) stream.release();
    });

  const forget = (session: SessionState) => {
    if (!sessions.delete(session)) return false;
    clearTimeout(session.expiryTimer);
    return true;
  };

  const closeSession = (session: SessionState) => {
    forget(session);
    for (const finish of session.finishers) finish();
  };

  const endSession = (session: SessionState, end: SessionEnd) => {
    if (!forget(session)) return;
    if (session.onEnd) return session.onEnd(end);
    const last: FormattedExecutionResult = { errors: [{ message: end.message, extensions: { code: end.code } }] };
    for (const finish of session.finishers) finish(last);
  };

  const endViewer = (viewerKey: string, end: SessionEnd) => {
    for (const session of sessions) if (session.viewerKey === viewerKey) endSession(session, end);
  };

  const unconfirmed = (viewerKey: string, check: ViewerCheck, since: number) => {
    check.failingSince ??= since;
    if (Date.now() - check.failingSince < graceMs) return;
    endViewer(viewerKey, {
      code: 'MEMBERSHIP_UNCONFIRMED',
      message: `Membership could not be confirmed for ${Math.round((Date.now() - check.failingSince) / 1000)} s; subscribe again`,
    });
  };

  // A member removed, demoted or whose organization changed keeps a valid token until it
  // expires; re-checking with identity bounds how long such a subscription outlives the change.
  // One check per distinct viewer (not per connection), a few at a time: 10,000 connections of
  // 20 viewers cost 20 fetches. While identity cannot confirm a viewer (unreachable, failing or
  // not answering), its sessions stay open for the grace period only: an outage of identity
  // must not keep removed members subscribed indefinitely.
  const limit = pLimit(8);
  const revalidate = setInterval(() => {
    const byViewer = new Map<string, Viewer>();
    for (const session of sessions) if (session.viewer.organizationId) byViewer.set(session.viewerKey, session.viewer);
    for (const [viewerKey, check] of viewerChecks) if (!byViewer.has(viewerKey) && check.inFlightSince === undefined) viewerChecks.delete(viewerKey);

    for (const [viewerKey, viewer] of byViewer) {
      const check = viewerChecks.get(viewerKey) ?? {};
      viewerChecks.set(viewerKey, check);
      // A check unanswered for a whole round counts as failed, so a hanging identity cannot fail open.
      if (check.inFlightSince !== undefined) {
        unconfirmed(viewerKey, check, check.inFlightSince);
        continue;
      }
      const startedAt = Date.now();
      check.inFlightSince = startedAt;
      void limit(() =>
        dataSources.identity!.process({
          kind: 'INCOMING_OPERATION' as never,
          request: { query: '{ me { membership { role } } }' },
          context: { viewer, requestId: 'revalidate', tokenExpiresAt: null },
          incomingRequestContext: {} as never,
        } as never),
      )
        .then((response) => {
          check.inFlightSince = undefined;
          if (!response.data) return unconfirmed(viewerKey, check, startedAt);
          check.failingSince = undefined;
          const role = (response.data as { me?: { membership?: { role?: string } | null } | null }).me?.membership?.role;
          if (role !== viewer.role) endViewer(viewerKey, { code: 'FORBIDDEN', message: 'Membership ended or changed' });
        })
        .catch((error) => {
          check.inFlightSince = undefined;
          log.warn({ err: error }, 'membership revalidation failed');
          unconfirmed(viewerKey, check, startedAt);
        });
    }
  }, revalidateMs);
  revalidate.unref();

  return {
    async authenticate(authorization) {
      if (!authorization) throw unauthenticated('Subscriptions need an access token: send "Authorization: Bearer <token>"');
      return viewerFromAuthorization(authorization, options.jwtSecret);
    },
    prepare(query, operationName) {
      if (!planner) return [new GraphQLError('The gateway has no supergraph yet', { extensions: { code: 'SERVICE_UNAVAILABLE' } })];
      return planner.prepare(query, operationName);
    },
    apiSchema: () => planner?.apiSchema,
    openSession({ viewer, tokenExpiresAt }, onEnd) {
      const session: SessionState = { viewer, viewerKey: viewerKeyOf(viewer), onEnd, finishers: new Set() };
      if (tokenExpiresAt) {
        const ms = tokenExpiresAt.getTime() - Date.now();
        session.expiryTimer = setTimeout(
          () => endSession(session, { code: 'UNAUTHENTICATED', message: 'Access token expired' }),
          Math.max(0, Math.min(ms, 2 ** 31 - 1)),
        );
      }
      sessions.add(session);
      return {
        subscribe: (prepared, variables) => subscribe(session, prepared, variables),
        close: () => closeSession(session),
      };
    },
    updateSupergraph(sdl) {
      planner = new SubscriptionPlanner(sdl);
    },
    upstreamCount: () => upstream.activeCount(),
    clientCount: () => clients,
    async close() {
      clearInterval(revalidate);
      for (const session of [...sessions]) closeSession(session);
      await upstream.close();
    },
  };
}
