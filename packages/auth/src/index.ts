export { API_KEY_DOMAINS, API_KEY_PREFIX, API_KEY_SCOPES, isApiKeyScope } from './api-keys.ts';
export type { ApiKeyActor, ApiKeyDomain, ApiKeyScope } from './api-keys.ts';
export { InvalidTokenError } from './errors.ts';
export {
  SIGNING_ALGORITHM,
  generateSigningKey,
  keyFileIn,
  keysFromFile,
  parsePrivateKeys,
  parsePublicKeys,
  resolveAssertionVerifier,
  resolveSigningKeys,
  signingKeysOf,
  verifierOf,
} from './keys.ts';
export type { SigningKeys } from './keys.ts';
export { ROLES, isRole, roleAtLeast } from './roles.ts';
export type { Role } from './roles.ts';
export { ACCESS_TOKEN_MAX_TTL_SECONDS, signAccessToken, signViewerAssertion, verifyAccessToken, verifyViewerAssertion } from './tokens.ts';
export type { AccessTokenClaims, IssuedToken, VerifiedAccessToken } from './tokens.ts';
export { ANONYMOUS } from './viewer.ts';
export type { Viewer } from './viewer.ts';
/** Header that carries the gateway's viewer assertion to subgraphs. */
export const VIEWER_HEADER = 'x-plaza-viewer';
