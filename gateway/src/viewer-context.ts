import { GraphQLError } from 'graphql';
import type { JWTVerifyGetKey } from 'jose';
import { ANONYMOUS, API_KEY_PREFIX, InvalidTokenError, verifyAccessToken, type VerifiedAccessToken, type Viewer } from '@plaza/auth';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** When the access token expires; subscriptions end then. Null for anonymous requests. */
  tokenExpiresAt: Date | null;
}

/**
 * Reads `Authorization: Bearer <jwt or API key>` and resolves the viewer it acts as now. No header means
 * anonymous; a header that is not a valid, unexpired token signed by identity is refused
 * outright rather than downgraded to anonymous.
 */
export async function viewerFromAuthorization(
  header: string | undefined,
  accessTokenKeys: JWTVerifyGetKey,
  resolve: (token: VerifiedAccessToken) => Promise<Viewer>,
  /** Resolves an API key (`plz_…`); without it keys are refused (subscriptions take users only). */
  resolveApiKey?: (key: string) => Promise<{ viewer: Viewer; expiresAt: Date }>,
): Promise<{ viewer: Viewer; tokenExpiresAt: Date | null }> {
  if (!header) return { viewer: ANONYMOUS, tokenExpiresAt: null };
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  if (match[1]!.startsWith(API_KEY_PREFIX)) {
    if (!resolveApiKey) throw unauthenticated("API keys are not accepted here: subscriptions need a user's access token");
    const { viewer, expiresAt } = await resolveApiKey(match[1]!);
    return { viewer, tokenExpiresAt: expiresAt };
  }
  let token: VerifiedAccessToken;
  try {
    token = await verifyAccessToken(match[1]!, accessTokenKeys);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthenticated(`Access token refused: ${error.message}`);
    throw error;
  }
  return { viewer: await resolve(token), tokenExpiresAt: token.expiresAt };
}

export function unauthenticated(message: string) {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
