import { GraphQLError } from 'graphql';
import { ANONYMOUS, InvalidTokenError, verifyAccessToken, type Viewer } from '@plaza/auth';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** When the access token expires; subscriptions end then. Null for anonymous requests. */
  tokenExpiresAt: Date | null;
}

/**
 * Reads `Authorization: Bearer <jwt>`. No header means anonymous; a header that is not a valid,
 * unexpired token signed by identity is refused outright rather than downgraded to anonymous.
 */
export async function viewerFromAuthorization(header: string | undefined, jwtSecret: string) {
  if (!header) return { viewer: ANONYMOUS, tokenExpiresAt: null };
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  try {
    const { expiresAt, ...viewer } = await verifyAccessToken(match[1]!, jwtSecret);
    return { viewer: viewer as Viewer, tokenExpiresAt: expiresAt };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthenticated(`Access token refused: ${error.message}`);
    throw error;
  }
}

export function unauthenticated(message: string) {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
