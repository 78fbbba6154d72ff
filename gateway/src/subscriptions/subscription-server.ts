import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import { Repeater } from '@repeaterjs/repeater';
import pLimit from 'p-limit';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { signViewerAssertion, type Viewer } from '@plaza/auth';
import type { Logger } from '@plaza/subgraph-kit';
import { ViewerForwardingDataSource } from '../viewer-data-source.ts';
import { viewerFromAuthorization, type GatewayContext } from '../viewer-context.ts';
import { SharedFetches } from './shared-fetches.ts';
import { EVENT_SOURCE, SubscriptionPlanner, type PreparedSubscription } from './subscription-planner.ts';
import { UpstreamPool, type UpstreamEvent } from './upstream.ts';

export interface GatewaySubscriptionOptions {
  httpServer: Server;
  subgraphUrls: Record<string, string>;
  jwtSecret: string;
  internalSecret: string;
  log: Logger;
  /** How often each connection's membership is re-checked with identity, ms. Default 30,000. */
  revalidateMs?: number;
  /** Interval of WebSocket pings; a client silent for two intervals is dropped. Default 15,000. */
  keepAliveMs?: number;
  /** Turns an execution result's errors into what clients see (the gateway's formatter). */
  formatError(error: GraphQLFormattedError): GraphQLFormattedError;
  /** Counts fetches per subgraph (shared with the HTTP path's data sources). */
  countFetch?: (subgraph: string) => () => void;
}

export interface GatewaySubscriptions {
  /** Applies a new supergraph (startup and every composition update). */
  updateSupergraph(sdl: string): void;
  /** Subscriptions open towards subgraphs: shared streams count once. */
  upstreamCount(): number;
  /** Client subscriptions open now. */
  clientCount(): number;
  close(): Promise<void>;
}

interface ConnectionState {
  viewer: Viewer;
  tokenExpiresAt: Date | null;
  expiryTimer?: NodeJS.Timeout;
  socket: WebSocket;
}

type Listener = (result: ExecutionResult, last: boolean) => void;

/** Subscribers of the same operation, variables and viewer share one upstream stream and one execution per event. */
interface SharedStream {
  listeners: Set<Listener>;
  release(): void;
}

/**
 * graphql-ws on the gateway's /graphql. Each subscription goes to the subgraph that owns its
 * root field (the plan's primary fetch); every event is then completed through the federation
 * query plan, so fields from any subgraph can be selected.
 */
export function serveGatewaySubscriptions(options: GatewaySubscriptionOptions): GatewaySubscriptions {
  const { log } = options;
  let planner: SubscriptionPlanner | undefined;
  const dataSources: Record<string, GraphQLDataSource> = Object.fromEntries(
    Object.entries(options.subgraphUrls).map(([name, url]) => [name, new ViewerForwardingDataSource(url, options.internalSecret, options.countFetch?.(name), true)]),
  );
  // Events complete through these: identical fetches of many viewers share shareable answers.
  const sharedFetches = new SharedFetches();
  const eventDataSources = Object.fromEntries(Object.entries(dataSources).map(([name, source]) => [name, sharedFetches.wrap(name, source)]));
  const upstream = new UpstreamPool(options.subgraphUrls);
  const streams = new Map<string, SharedStream>();
  const connections = new Set<ConnectionState>();
  let clients = 0;

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

  const subscribe = (prepared: PreparedSubscription, variables: Record<string, unknown>, viewer: Viewer) =>
    new Repeater<ExecutionResult>(async (push, stop) => {
      const key = createHash('sha256')
        .update(JSON.stringify([prepared.operationContext.operation.loc?.source.body ?? '', prepared.operationContext.operation.name?.value, variables, viewer]))
        .digest('hex');
      let stream = streams.get(key);
      if (!stream) {
        stream = openStream(key, prepared, variables, viewer);
        streams.set(key, stream);
      }
      const listener: Listener = (result, last) => {
        if (result.errors || result.data) void push(result);
        if (last) stop();
      };
      stream.listeners.add(listener);
      clients++;
      await stop;
      clients--;
      stream.listeners.delete(listener);
      if (stream.listeners.size === 0) stream.release();
    });

  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const disposable = useServer<Record<string, unknown>, { state?: ConnectionState; socket: WebSocket }>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const raw = params.authorization ?? params.Authorization ?? params.token;
        if (typeof raw !== 'string' || !raw) return false;
        try {
          const { viewer, tokenExpiresAt } = await viewerFromAuthorization(/^bearer /i.test(raw) ? raw : `Bearer ${raw}`, options.jwtSecret);
          const state: ConnectionState = { viewer, tokenExpiresAt, socket: ctx.extra.socket };
          if (tokenExpiresAt) {
            const ms = tokenExpiresAt.getTime() - Date.now();
            state.expiryTimer = setTimeout(() => ctx.extra.socket.close(4403, 'Access token expired'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
          }
          ctx.extra.state = state;
          connections.add(state);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        if (!planner) return [new GraphQLError('The gateway has no supergraph yet', { extensions: { code: 'SERVICE_UNAVAILABLE' } })];
        const prepared = planner.prepare(payload.query, payload.operationName);
        if (Array.isArray(prepared)) return prepared;
        return {
          schema: planner.apiSchema,
          document: (prepared as PreparedSubscription).document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? {},
          contextValue: { prepared, viewer: ctx.extra.state!.viewer },
        };
      },
      subscribe: (args) => {
        const { prepared, viewer } = args.contextValue as { prepared: PreparedSubscription; viewer: Viewer };
        return subscribe(prepared, (args.variableValues ?? {}) as Record<string, unknown>, viewer);
      },
      // Same error contract as HTTP responses: codes kept, internals masked, no service names.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length
          ? { ...result, errors: result.errors.map((error) => options.formatError(error.toJSON())) as never }
          : undefined,
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        clearTimeout(state.expiryTimer);
        connections.delete(state);
      },
    },
    wss,
  );

  // A member removed, demoted or whose organization changed keeps a valid token until it
  // expires; re-checking with identity bounds how long such a subscription outlives the change.
  // One check per distinct viewer (not per connection), a few at a time: 10,000 connections of
  // 20 viewers cost 20 fetches. A check that fails (identity unreachable) leaves the
  // connections as they are until the next round.
  const limit = pLimit(8);
  const revalidate = setInterval(() => {
    const byViewer = new Map<string, ConnectionState[]>();
    for (const state of connections) {
      if (!state.viewer.organizationId) continue;
      const key = `${state.viewer.userId}|${state.viewer.organizationId}|${state.viewer.role}`;
      byViewer.set(key, [...(byViewer.get(key) ?? []), state]);
    }
    for (const states of byViewer.values()) {
      const { viewer, tokenExpiresAt } = states[0]!;
      void limit(() =>
        dataSources.identity!.process({
          kind: 'INCOMING_OPERATION' as never,
          request: { query: '{ me { membership { role } } }' },
          context: { viewer, requestId: 'revalidate', tokenExpiresAt },
          incomingRequestContext: {} as never,
        } as never),
      )
        .then((response) => {
          const role = (response.data as { me?: { membership?: { role?: string } | null } | null } | undefined)?.me?.membership?.role;
          if (!response.data || role === viewer.role) return;
          for (const state of states) state.socket.close(4403, 'Membership ended or changed');
        })
        .catch((error) => log.warn({ err: error }, 'membership revalidation failed'));
    }
  }, options.revalidateMs ?? 30_000);
  revalidate.unref();

  const keepAlive = setInterval(() => {
    for (const socket of wss.clients as Set<WebSocket & { plazaAlive?: boolean }>) {
      if (socket.plazaAlive === false) {
        socket.terminate();
        continue;
      }
      socket.plazaAlive = false;
      socket.ping();
    }
  }, options.keepAliveMs ?? 15_000);
  keepAlive.unref();
  wss.on('connection', (socket: WebSocket & { plazaAlive?: boolean }) => {
    socket.plazaAlive = true;
    socket.on('pong', () => {
      socket.plazaAlive = true;
    });
  });

  return {
    updateSupergraph(sdl) {
      planner = new SubscriptionPlanner(sdl);
    },
    upstreamCount: () => upstream.activeCount(),
    clientCount: () => clients,
    async close() {
      clearInterval(revalidate);
      clearInterval(keepAlive);
      for (const socket of wss.clients) socket.terminate();
      await disposable.dispose();
      await upstream.close();
    },
  };
}
