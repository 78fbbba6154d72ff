import { SignJWT, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { isApiKeyScope, type ApiKeyActor } from './api-keys.ts';
import { InvalidTokenError } from './errors.ts';
import { SIGNING_ALGORITHM, type SigningKeys } from './keys.ts';
import { isRole } from './roles.ts';
import type { Viewer } from './viewer.ts';

const ACCESS_AUDIENCE = 'plaza-api';
const ACCESS_ISSUER = 'plaza-identity';
const VIEWER_AUDIENCE = 'plaza-subgraph';
const VIEWER_ISSUER = 'plaza-gateway';

export interface AccessTokenClaims {
  userId: string;
  organizationId: string | null;
  role: Viewer['role'];
  /** The sign-in session (refresh-token family) the token belongs to; signing out ends it. */
  sessionId: string | null;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/**
 * Longest life of an access token: roles travel inside it, and although the gateway checks the
 * membership on every request, a short life bounds what a leaked token is worth.
 */
export const ACCESS_TOKEN_MAX_TTL_SECONDS = 15 * 60;

/** Identity's access token: EdDSA with the key's id, so verifiers pick the key and follow rotation. */
export async function signAccessToken(
  claims: AccessTokenClaims,
  keys: SigningKeys,
  ttlSeconds = ACCESS_TOKEN_MAX_TTL_SECONDS,
): Promise<IssuedToken> {
  if (ttlSeconds > ACCESS_TOKEN_MAX_TTL_SECONDS)
    throw new RangeError(`Access tokens live at most ${ACCESS_TOKEN_MAX_TTL_SECONDS} s; asked for ${ttlSeconds} s`);
  const { kid, key } = await keys.current();
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds) * 1000);
  const token = await new SignJWT({ org: claims.organizationId, role: claims.role, sid: claims.sessionId })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid })
    .setSubject(claims.userId)
    .setIssuer(ACCESS_ISSUER)
    .setAudience(ACCESS_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, expiresAt };
}

export interface VerifiedAccessToken extends Viewer {
  userId: string;
  sessionId: string | null;
  expiresAt: Date;
}

/** Verifies an access token with identity's public keys (a JWKS, local or fetched). */
export async function verifyAccessToken(token: string, getKey: JWTVerifyGetKey): Promise<VerifiedAccessToken> {
  const payload = await verify(token, getKey, ACCESS_ISSUER, ACCESS_AUDIENCE);
  const sessionId = typeof payload.sid === 'string' && payload.sid ? payload.sid : null;
  return { ...viewerFromPayload(payload, true), userId: payload.sub!, sessionId, expiresAt: new Date(payload.exp! * 1000) };
}

/** Short-lived: an assertion only has to survive one subgraph fetch. */
const VIEWER_ASSERTION_TTL_SECONDS = 60;

/** The gateway's signed statement of who the viewer is, sent to subgraphs as a header. */
export async function signViewerAssertion(viewer: Viewer, keys: SigningKeys): Promise<string> {
  const { kid, key } = await keys.current();
  const jwt = new SignJWT({
    org: viewer.organizationId,
    role: viewer.role,
    sid: viewer.sessionId ?? null,
    addr: viewer.clientAddress ?? null,
    key: viewer.apiKey ? { id: viewer.apiKey.id, scopes: viewer.apiKey.scopes } : null,
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid })
    .setIssuer(VIEWER_ISSUER)
    .setAudience(VIEWER_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${VIEWER_ASSERTION_TTL_SECONDS}s`);
  if (viewer.userId) jwt.setSubject(viewer.userId);
  return jwt.sign(key);
}

/** Verifies a viewer assertion with the gateway's public keys; a rotated-out key is refused. */
export async function verifyViewerAssertion(token: string, getKey: JWTVerifyGetKey): Promise<Viewer> {
  const payload = await verify(token, getKey, VIEWER_ISSUER, VIEWER_AUDIENCE);
  const clientAddress = typeof payload.addr === 'string' && payload.addr ? payload.addr : null;
  const apiKey = apiKeyFromPayload(payload);
  if (apiKey) {
    if (payload.sub || typeof payload.org !== 'string' || !payload.org) {
      throw new InvalidTokenError('Viewer assertion names an API key with a user or without an organization', 'claims');
    }
    return { userId: null, organizationId: payload.org, role: null, apiKey, ...(clientAddress ? { clientAddress } : {}) };
  }
  const viewer: Viewer = viewerFromPayload(payload, false);
  if (typeof payload.sid === 'string' && viewer.userId) viewer.sessionId = payload.sid;
  if (clientAddress) viewer.clientAddress = clientAddress;
  return viewer;
}

function apiKeyFromPayload(payload: Record<string, unknown>): ApiKeyActor | null {
  const key = payload.key as { id?: unknown; scopes?: unknown } | null | undefined;
  if (!key) return null;
  if (typeof key.id !== 'string' || !key.id || !Array.isArray(key.scopes) || !key.scopes.every(isApiKeyScope)) {
    throw new InvalidTokenError('Viewer assertion names a malformed API key', 'claims');
  }
  return { id: key.id, scopes: key.scopes };
}

async function verify(token: string, getKey: JWTVerifyGetKey, issuer: string, audience: string) {
  try {
    const { payload } = await jwtVerify(token, getKey, { issuer, audience, algorithms: [SIGNING_ALGORITHM] });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('Token has expired', 'expired');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw new InvalidTokenError('Token signature is invalid', 'signature');
    if (error instanceof joseErrors.JWKSNoMatchingKey)
      throw new InvalidTokenError('Token is signed with a key that is not (or no longer) trusted', 'signature');
    if (error instanceof joseErrors.JWTClaimValidationFailed)
      throw new InvalidTokenError(`Token claim "${error.claim}" is invalid`, 'claims');
    if (error instanceof joseErrors.JOSEAlgNotAllowed)
      throw new InvalidTokenError('Token is signed with an algorithm Plaza does not accept', 'signature');
    // Not a verdict on the token (identity's keys could not be fetched, say): the caller's to handle.
    if (!(error instanceof joseErrors.JOSEError) || error instanceof joseErrors.JWKSTimeout) throw error;
    throw new InvalidTokenError('Token is malformed', 'malformed');
  }
}

function viewerFromPayload(payload: Record<string, unknown>, requireSubject: boolean): Viewer {
  const userId = typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
  if (requireSubject && !userId) throw new InvalidTokenError('Token has no subject', 'claims');
  const organizationId = typeof payload.org === 'string' && payload.org ? payload.org : null;
  const role = isRole(payload.role) ? payload.role : null;
  if (organizationId && !role) throw new InvalidTokenError('Token names an organization but no role', 'claims');
  return { userId, organizationId: userId ? organizationId : null, role: userId ? role : null };
}
