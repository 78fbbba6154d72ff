import type { Server } from 'node:http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { isRefusal, type PreparedSubscription } from './subscription-planner.ts';
import type { SubscriptionCore, SubscriptionSession } from './subscription-core.ts';
import { resolveTrustedDocument, type TrustedDocuments } from '../trusted-documents.ts';
import { capKeyOf, type ConnectionCaps, type ConnectionSlot } from './connection-caps.ts';

export interface GraphqlWsTransportOptions {
  httpServer: Server;
  /** Interval of WebSocket pings; a client silent for two intervals is dropped. Default 15,000. */
  keepAliveMs?: number;
  /** Connections per user and subscriptions per connection. */
  connectionCaps: ConnectionCaps;
}

/**
 * graphql-ws on the gateway's /graphql: one session per socket, authenticated by
 * `connection_init`'s `authorization` (4403 when missing or invalid). When the core ends the
 * session (token expired, membership ended or unconfirmed) the socket closes with 4403 and the
 * reason. A user past the connections cap is closed with 4429 and the RATE_LIMITED message; a
 * subscription past the per-connection cap gets an error message with code RATE_LIMITED.
 */
export function serveOverGraphqlWs(
  core: SubscriptionCore,
  options: GraphqlWsTransportOptions,
  trustedDocuments: TrustedDocuments,
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const disposable = useServer<Record<string, unknown>, { session?: SubscriptionSession; slot?: ConnectionSlot; socket: WebSocket }>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const raw = params.authorization ?? params.Authorization ?? params.token;
        if (typeof raw !== 'string' || !raw) return false;
        try {
          const credentials = await core.authenticate(/^bearer /i.test(raw) ? raw : `Bearer ${raw}`);
          try {
            ctx.extra.slot = await options.connectionCaps.acquire(capKeyOf(credentials.viewer));
          } catch (refusal) {
            if (!(refusal instanceof GraphQLError)) throw refusal;
            // graphql-ws would close with 4403; the client should learn it may retry later, and why.
            ctx.extra.socket.close(4429, refusal.message.slice(0, 120));
            return false;
          }
          const session = core.openSession(credentials, (end) => ctx.extra.socket.close(4403, end.message));
          // A socket that closed while the token was being verified never reaches onClose with its session.
          if (ctx.extra.socket.readyState !== WebSocket.OPEN) {
            session.close();
            ctx.extra.slot.release();
            return false;
          }
          ctx.extra.session = session;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        // graphql-ws has registered this one already.
        const open = Object.keys(ctx.subscriptions).length;
        if (open > options.connectionCaps.caps.subscriptionsPerConnection) return [options.connectionCaps.subscriptionRefusal(open - 1)];
        const trusted = resolveTrustedDocument(trustedDocuments, payload);
        if (trusted instanceof GraphQLError) return [trusted];
        const prepared = core.prepare(trusted?.query ?? payload.query, payload.operationName);
        if (isRefusal(prepared)) return [...prepared];
        return {
          schema: core.apiSchema()!,
          document: prepared.document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? {},
          contextValue: { prepared, session: ctx.extra.session! },
        };
      },
      subscribe: (args) => {
        const { prepared, session } = args.contextValue as { prepared: PreparedSubscription; session: SubscriptionSession };
        return session.subscribe(prepared, args.variableValues ?? {}) as AsyncIterableIterator<ExecutionResult>;
      },
      // Results arrive formatted for clients already: send them as they are.
      onNext: (_ctx, _id, _payload, _args, result) => result,
      onClose: (ctx) => {
        ctx.extra.session?.close();
        ctx.extra.slot?.release();
      },
    },
    wss,
  );

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
    async close() {
      clearInterval(keepAlive);
      for (const socket of wss.clients) socket.terminate();
      await disposable.dispose();
    },
  };
}
