import type { RequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ExecutionResult, Request as SseRequest, Response as SseResponse } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { SubscriptionCore, ViewerCredentials } from './subscription-core.ts';
import { isRefusal } from './subscription-planner.ts';
import { capKeyOf, type ConnectionCaps } from './connection-caps.ts';

function jsonResponse(
  status: number,
  statusText: string,
  errors: readonly GraphQLFormattedError[],
  headers: Record<string, string> = {},
): SseResponse {
  return [JSON.stringify({ errors }), { status, statusText, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } }];
}

/**
 * Subscriptions over Server-Sent Events on /graphql (graphql-sse's "distinct connections"
 * mode: each subscription is one POST or GET with `Accept: text/event-stream`, and its stream is
 * one session). Authenticated by `Authorization: Bearer` (401 UNAUTHENTICATED when missing or
 * invalid). When the core ends the session, the stream's last event carries the error with its
 * code, then the stream completes; a client that disconnects releases its upstream subscription.
 *
 * Each stream is one of the user's connections: past the cap, 429 with RATE_LIMITED naming it.
 *
 * Every other request passes on (queries and mutations to Apollo Server). The "single
 * connection" mode is off: its operation POSTs and PUTs would look like ordinary HTTP requests.
 */
export function serveOverEventStreams(core: SubscriptionCore, caps: ConnectionCaps): RequestHandler {
  const credentialsOf = new WeakMap<SseRequest, ViewerCredentials>();
  const handle = createHandler({
    authenticate: async (req) => {
      try {
        credentialsOf.set(req, await core.authenticate(req.headers.get('authorization') ?? undefined));
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return jsonResponse(401, 'Unauthorized', [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }], {
          'www-authenticate': 'Bearer',
        });
      }
      // No stream token: every request is a distinct connection.
      return null;
    },
    onSubscribe: async (req, params) => {
      const prepared = core.prepare(params.query, params.operationName);
      if (isRefusal(prepared))
        return jsonResponse(
          400,
          'Bad Request',
          prepared.map((error) => error.toJSON()),
        );
      const credentials = credentialsOf.get(req)!;
      let slot;
      try {
        slot = await caps.acquire(capKeyOf(credentials.viewer));
      } catch (refusal) {
        if (!(refusal instanceof GraphQLError)) throw refusal;
        return jsonResponse(429, 'Too Many Requests', [refusal.toJSON()]);
      }
      const session = core.openSession(credentials);
      const { res } = req.context;
      const end = () => {
        session.close();
        slot.release();
      };
      // However the stream ends — completed, ended by the core, or the client gone — its session goes with it.
      if (res.closed) end();
      else res.once('close', end);
      // Results arrive formatted for clients already; graphql-sse sends them as they are.
      return session.subscribe(prepared, params.variables ?? {}) as AsyncIterableIterator<ExecutionResult>;
    },
  });

  return (req, res, next) => {
    // The exact value graphql-sse recognises as an event stream request (EventSource and its client send it).
    if (req.headers.accept !== 'text/event-stream') return next();
    handle(req, res).catch(next);
  };
}
