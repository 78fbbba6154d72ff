import type { ApiKeyActor } from './api-keys.ts';
import type { Role } from './roles.ts';

/**
 * Who is asking. `userId` is null for anonymous requests; `organizationId` and `role` are
 * null for a signed-in user who has not chosen an organization yet.
 */
export interface Viewer {
  userId: string | null;
  organizationId: string | null;
  role: Role | null;
  /** The sign-in session the access token belongs to (absent for tokens without one). */
  sessionId?: string | null;
  /**
   * The address the request came from, as the gateway saw it (after the proxies it is told to
   * trust). Signed into the viewer assertion, so a subgraph can limit by it without trusting a
   * header the caller wrote. Absent when the gateway did not receive the request over HTTP.
   */
  clientAddress?: string | null;
  /**
   * Set when the request acts with an API key instead of a user's token: then `userId` and
   * `role` are null and `organizationId` is the key's organization. Scopes, not roles, say what
   * the key may do.
   */
  apiKey?: ApiKeyActor | null;
}

export const ANONYMOUS: Viewer = Object.freeze({ userId: null, organizationId: null, role: null });
