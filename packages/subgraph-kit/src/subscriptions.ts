import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { JWTVerifyGetKey } from 'jose';
import { InvalidTokenError, VIEWER_HEADER, verifyViewerAssertion, type Viewer } from '@plaza/auth';
import type { BaseContext } from './context.ts';
import { createErrorFormatter } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Subgraph } from './server.ts';

export interface SubscriptionServer {
  /** Operations running now: the gateway must release each when its client leaves. */
  activeCount(): number;
  /**
   * Operations whose event stream is open: authorized and subscribed to their source, so an
   * event published from now on reaches them. (An operation counts as active from the moment
   * it arrives, and as listening once its resolver's checks passed.)
   */
  listeningCount(): number;
  close(): Promise<void>;
}

/**
 * graphql-ws on the subgraph's /graphql, for the gateway only. One gateway connection carries
 * many viewers' subscriptions, so the viewer assertion travels per operation, in
 * `extensions["x-plaza-viewer"]`, and is verified before the operation starts.
 */
export function serveSubscriptions(
  httpServer: Server,
  subgraph: Subgraph,
  assertionVerifier: JWTVerifyGetKey,
  log: Logger,
): SubscriptionServer {
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const viewers = new Map<string, Viewer>();
  const operationKey = (socket: unknown, id: string) => `${(socket as { _plazaId?: number })._plazaId}:${id}`;
  let nextSocketId = 0;
  let active = 0;
  const listening = new Set<string>();
  const formatError = createErrorFormatter(log);

  const disposable = useServer<Record<string, unknown>, { socket: { _plazaId?: number } }>(
    {
      schema: subgraph.schema,
      onConnect: (ctx) => {
        ctx.extra.socket._plazaId = nextSocketId++;
      },
      onSubscribe: async (ctx, id, payload) => {
        const assertion = payload.extensions?.[VIEWER_HEADER];
        if (typeof assertion !== 'string') {
          return [
            new GraphQLError('Subscriptions accept operations from the Plaza gateway only', { extensions: { code: 'UNAUTHENTICATED' } }),
          ];
        }
        try {
          viewers.set(operationKey(ctx.extra.socket, id), await verifyViewerAssertion(assertion, assertionVerifier));
        } catch (error) {
          const reason = error instanceof InvalidTokenError ? error.message : 'invalid';
          return [new GraphQLError(`Viewer assertion refused: ${reason}`, { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        active++;
      },
      context: async (ctx, id): Promise<BaseContext & Record<string, unknown>> =>
        (await subgraph.createContext({
          viewer: viewers.get(operationKey(ctx.extra.socket, id))!,
          requestId: `ws-${id}`,
          log,
        })) as BaseContext & Record<string, unknown>,
      // Same error contract as HTTP: domain errors keep their code, internals are masked.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : undefined,
      onOperation: (ctx, id, _payload, _args, result) => {
        if (Symbol.asyncIterator in result) listening.add(operationKey(ctx.extra.socket, id));
      },
      onComplete: (ctx, id) => {
        listening.delete(operationKey(ctx.extra.socket, id));
        if (viewers.delete(operationKey(ctx.extra.socket, id))) active--;
      },
      onClose: (ctx) => {
        const prefix = `${ctx.extra.socket._plazaId}:`;
        for (const key of viewers.keys()) {
          if (key.startsWith(prefix)) {
            listening.delete(key);
            viewers.delete(key);
            active--;
          }
        }
      },
    },
    wss,
  );

  return {
    activeCount: () => active,
    listeningCount: () => listening.size,
    async close() {
      for (const client of wss.clients) client.terminate();
      await disposable.dispose();
    },
  };
}
