/**
 * API keys for integrations (`Authorization: Bearer plz_…`). The gateway asks identity about the
 * key on every request that carries one and keeps no answer: "a revoked or rotated key stops
 * working on the next request" then holds on any number of gateway instances without a shared
 * cache to invalidate, at the price of one small identity fetch per request (identity reads one
 * row by its unique public id and writes `lastUsedAt` at most once a minute). Concurrent requests
 * with the same key share one fetch. Integrations send far fewer requests than people do; should
 * that change, a cache belongs here only together with an invalidation on revoke.
 */
import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { ANONYMOUS, isApiKeyScope, type Viewer } from '@plaza/auth';
import type { Logger } from '@plaza/subgraph-kit';
import { askIdentity } from './viewer-access.ts';
import { unauthenticated, type GatewayContext } from './viewer-context.ts';

/** A presented key, as the viewer it acts as. */
export interface ApiKeyViewer {
  viewer: Viewer;
  expiresAt: Date;
}

const API_KEY_ACCESS =
  'query GatewayApiKeyAccess($key: String!) { apiKeyAccess(key: $key) { apiKeyId organizationId scopes refusal expiresAt } }';

const answerSchema = z
  .object({
    apiKeyId: z.string().min(1),
    organizationId: z.string().min(1),
    scopes: z.array(z.string()),
    refusal: z.enum(['EXPIRED', 'REVOKED']).nullable(),
    expiresAt: z.coerce.date(),
  })
  .nullable();

/** The public part of a key (`plz_<public id>`), the only part that may appear in messages and logs. */
const prefixOf = (key: string) => key.split('_', 2).join('_');

/**
 * Resolves a presented key to a service viewer: no user, the key's organization, its scopes.
 * UNAUTHENTICATED for a key identity does not know (or whose secret is wrong), a revoked or an
 * expired one; when identity cannot answer, the request fails (there is no token to fall back on).
 */
export function apiKeyViewerFromIdentity(identity: GraphQLDataSource<GatewayContext>, log: Logger): (key: string) => Promise<ApiKeyViewer> {
  const ask = askIdentity(identity, log);
  const inFlight = new Map<string, Promise<z.output<typeof answerSchema>>>();
  const lookup = (key: string) => {
    let pending = inFlight.get(key);
    if (!pending) {
      pending = ask(API_KEY_ACCESS, { key }, ANONYMOUS, 'api-key')
        .then((data) => answerSchema.parse(data.apiKeyAccess))
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
  return async (key) => {
    let access: z.output<typeof answerSchema>;
    try {
      access = await lookup(key);
    } catch (error) {
      log.warn({ err: error, apiKey: prefixOf(key) }, 'identity could not verify an API key');
      throw new GraphQLError('API keys cannot be verified right now (identity is unavailable); retry shortly', {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'identity', http: { status: 503 } },
      });
    }
    if (!access) throw unauthenticated(`API key ${prefixOf(key)}… refused: no key matches it (unknown, rotated or mistyped)`);
    if (access.refusal === 'REVOKED') throw unauthenticated(`API key ${prefixOf(key)}… has been revoked`);
    if (access.refusal === 'EXPIRED') throw unauthenticated(`API key ${prefixOf(key)}… expired on ${access.expiresAt.toISOString()}`);
    return {
      viewer: {
        userId: null,
        organizationId: access.organizationId,
        role: null,
        apiKey: { id: access.apiKeyId, scopes: access.scopes.filter(isApiKeyScope) },
      },
      expiresAt: access.expiresAt,
    };
  };
}
