import type { RequestHandler } from 'express';
import type { TrustedDocuments } from '../trusted-documents.ts';
import { serveOverGraphqlWs, type GraphqlWsTransportOptions } from './graphql-ws-transport.ts';
import { serveOverEventStreams } from './sse-transport.ts';
import { createSubscriptionCore, type SessionEnd, type SubscriptionCoreOptions } from './subscription-core.ts';

export interface GatewaySubscriptionOptions extends SubscriptionCoreOptions, GraphqlWsTransportOptions {
  /** Applied to event streams by the HTTP middleware in front; here to WebSocket subscriptions. */
  trustedDocuments: TrustedDocuments;
}

export interface GatewaySubscriptions {
  /** Applies a new supergraph (startup and every composition update). */
  updateSupergraph(sdl: string): void;
  /** Subscriptions open towards subgraphs: shared streams count once. */
  upstreamCount(): number;
  /** Client subscriptions open now, over both transports. */
  clientCount(): number;
  /** Ends at once the sessions of a user in an organization (in all when null). */
  endViewerSessions(match: { userId: string; organizationId: string | null }, end: SessionEnd): void;
  /** Middleware for /graphql: serves requests for an event stream, passes every other request on. */
  eventStreams: RequestHandler;
  close(): Promise<void>;
}

/**
 * Federated subscriptions on the gateway's /graphql, over graphql-ws (WebSocket upgrade) and
 * Server-Sent Events (graphql-sse). Both transports are thin: planning, shared upstream
 * streams, execution through the query plan and ending sessions live in the core.
 */
export function serveGatewaySubscriptions(options: GatewaySubscriptionOptions): GatewaySubscriptions {
  const core = createSubscriptionCore(options);
  const webSocket = serveOverGraphqlWs(core, options, options.trustedDocuments);
  return {
    updateSupergraph: (sdl) => core.updateSupergraph(sdl),
    upstreamCount: () => core.upstreamCount(),
    clientCount: () => core.clientCount(),
    endViewerSessions: (match, end) => core.endViewerSessions(match, end),
    eventStreams: serveOverEventStreams(core, options.connectionCaps),
    async close() {
      options.connectionCaps.close();
      await webSocket.close();
      await core.close();
    },
  };
}
