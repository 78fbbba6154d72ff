import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { InvalidTokenError } from './errors.ts';
import { isRole } from './roles.ts';
import type { Viewer } from './viewer.ts';

const ALGORITHM = 'HS256';
const ACCESS_AUDIENCE = 'plaza-api';
const ACCESS_ISSUER = 'plaza-identity';
const VIEWER_AUDIENCE = 'plaza-subgraph';
const VIEWER_ISSUER = 'plaza-gateway';

/** Shared secrets. Every process reads them from the environment; see README "Configuration". */
export interface AuthSecrets {
  /** Signs access tokens (identity) and verifies them (gateway). */
  jwtSecret: string;
  /** Signs viewer assertions (gateway) and verifies them (subgraphs). */
  internalSecret: string;
}

const DEVELOPMENT_JWT_SECRET = 'plaza-development-jwt-secret-change-me-0000';
const DEVELOPMENT_INTERNAL_SECRET = 'plaza-development-internal-secret-change-me';

/**
 * The secrets from a process's parsed configuration. Outside production a fixed development
 * secret keeps the zero-configuration start working; in production a missing secret is fatal.
 */
export function resolveSecrets(settings: { NODE_ENV: string; PLAZA_JWT_SECRET?: string; PLAZA_INTERNAL_SECRET?: string }): AuthSecrets {
  const production = settings.NODE_ENV === 'production';
  const jwtSecret = settings.PLAZA_JWT_SECRET ?? (production ? undefined : DEVELOPMENT_JWT_SECRET);
  const internalSecret = settings.PLAZA_INTERNAL_SECRET ?? (production ? undefined : DEVELOPMENT_INTERNAL_SECRET);
  if (!jwtSecret || !internalSecret) {
    throw new Error('PLAZA_JWT_SECRET and PLAZA_INTERNAL_SECRET must be set when NODE_ENV=production');
  }
  return { jwtSecret, internalSecret };
}

/** The secrets every process of the embedded default shares when none are configured. */
export const DEVELOPMENT_SECRETS: AuthSecrets = { jwtSecret: DEVELOPMENT_JWT_SECRET, internalSecret: DEVELOPMENT_INTERNAL_SECRET };

const encoder = new TextEncoder();
const keyCache = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let cached = keyCache.get(secret);
  if (!cached) {
    cached = encoder.encode(secret);
    keyCache.set(secret, cached);
  }
  return cached;
}

export interface AccessTokenClaims {
  userId: string;
  organizationId: string | null;
  role: Viewer['role'];
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Default lifetime of an access token: short, because roles travel inside it. */
export const ACCESS_TOKEN_TTL_SECONDS = 60 * 60;

export async function signAccessToken(
  claims: AccessTokenClaims,
  secret: string,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
): Promise<IssuedToken> {
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds) * 1000);
  const token = await new SignJWT({ org: claims.organizationId, role: claims.role })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(claims.userId)
    .setIssuer(ACCESS_ISSUER)
    .setAudience(ACCESS_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
  return { token, expiresAt };
}

export interface VerifiedAccessToken extends Viewer {
  userId: string;
  expiresAt: Date;
}

export async function verifyAccessToken(token: string, secret: string): Promise<VerifiedAccessToken> {
  const payload = await verify(token, secret, ACCESS_ISSUER, ACCESS_AUDIENCE);
  return { ...viewerFromPayload(payload, true), userId: payload.sub!, expiresAt: new Date(payload.exp! * 1000) };
}

/** Short-lived: an assertion only has to survive one subgraph fetch. */
const VIEWER_ASSERTION_TTL_SECONDS = 60;

/** The gateway's signed statement of who the viewer is, sent to subgraphs as a header. */
export async function signViewerAssertion(viewer: Viewer, secret: string): Promise<string> {
  const jwt = new SignJWT({ org: viewer.organizationId, role: viewer.role })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(VIEWER_ISSUER)
    .setAudience(VIEWER_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${VIEWER_ASSERTION_TTL_SECONDS}s`);
  if (viewer.userId) jwt.setSubject(viewer.userId);
  return jwt.sign(key(secret));
}

export async function verifyViewerAssertion(token: string, secret: string): Promise<Viewer> {
  const payload = await verify(token, secret, VIEWER_ISSUER, VIEWER_AUDIENCE);
  return viewerFromPayload(payload, false);
}

async function verify(token: string, secret: string, issuer: string, audience: string) {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer, audience, algorithms: [ALGORITHM] });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('Token has expired', 'expired');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new InvalidTokenError('Token signature is invalid', 'signature');
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      throw new InvalidTokenError(`Token claim "${error.claim}" is invalid`, 'claims');
    }
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
