import type { Server } from 'node:http';
import type { ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { isRefusal, type PreparedSubscription } from './subscription-planner.ts';
import type { SubscriptionCore, SubscriptionSession } from './subscription-core.ts';

export interface GraphqlWsTransportOptions {
  httpServer: Server;
  /** Interval of WebSocket pings; a client silent for two intervals is dropped. Default 15,000. */
  keepAliveMs?: number;
}

/**
 * graphql-ws on the gateway's /graphql: one session per socket, authenticated by
 * `connection_init`'s `authorization` (4403 when missing or invalid). When the core ends the
 * session (token expired, membership ended or unconfirmed) the socket closes with 4403 and the
 * reason.
 */
export function serveOverGraphqlWs(core: SubscriptionCore, options: GraphqlWsTransportOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const disposable = useServer<Record<string, unknown>, { session?: SubscriptionSession; socket: WebSocket }>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const raw = params.authorization ?? params.Authorization ?? params.token;
        if (typeof raw !== 'string' || !raw) return false;
        try {
          const credentials = await core.authenticate(/^bearer /i.test(raw) ? raw : `Bearer ${raw}`);
          const session = core.openSession(credentials, (end) => ctx.extra.socket.close(4403, end.message));
          // A socket that closed while the token was being verified never reaches onClose with its session.
          if (ctx.extra.socket.readyState !== WebSocket.OPEN) {
            session.close();
            return false;
          }
          ctx.extra.session = session;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const prepared = core.prepare(payload.query, payload.operationName);
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
      onClose: (ctx) => ctx.extra.session?.close(),
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
