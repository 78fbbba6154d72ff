import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open on Plaza's servers. Clients reuse idle
 * connections for a shorter time than the server's hint (`Keep-Alive: timeout=65`): undici and
 * Node's agents close theirs a second or more earlier, so a request is never sent on a
 * connection the server is closing at that moment — the race behind sporadic ECONNRESET and
 * "socket hang up" with Node's 5 s default, worst when an event loop is busy and timers fire late.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Applies the keep-alive settings every Plaza HTTP server (gateway and subgraphs) uses. */
export function configureKeepAlive(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed keepAliveTimeout, or Node may end a connection waiting for its next request's headers first.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;
}
