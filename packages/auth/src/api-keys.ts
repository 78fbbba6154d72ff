/**
 * API keys for integrations: what they may do is a list of scopes, one read and one write scope
 * per domain (subgraph). A key acts for its organization, never for a user.
 */
export const API_KEY_DOMAINS = ['identity', 'community', 'commerce', 'scheduling', 'learning', 'crm', 'notifications'] as const;
export type ApiKeyDomain = (typeof API_KEY_DOMAINS)[number];

/** `<domain>:read` or `<domain>:write`; write does not imply read. */
export type ApiKeyScope = `${ApiKeyDomain}:${'read' | 'write'}`;

export const API_KEY_SCOPES: readonly ApiKeyScope[] = API_KEY_DOMAINS.flatMap((domain) => [`${domain}:read`, `${domain}:write`] as const);

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === 'string' && (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** What a key says of itself: `plz_`, its public id, `_`, the secret. The prefix is what lists show. */
export const API_KEY_PREFIX = 'plz_';

/** The key a request acts with (in the viewer assertion), as identity found it at this request. */
export interface ApiKeyActor {
  id: string;
  scopes: ApiKeyScope[];
}
