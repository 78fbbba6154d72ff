export { InvalidTokenError } from './errors.ts';
export { ROLES, isRole, roleAtLeast } from './roles.ts';
export type { Role } from './roles.ts';
export {
  ACCESS_TOKEN_TTL_SECONDS,
  DEVELOPMENT_SECRETS,
  resolveSecrets,
  signAccessToken,
  signViewerAssertion,
  verifyAccessToken,
  verifyViewerAssertion,
} from './tokens.ts';
export type { AccessTokenClaims, AuthSecrets, IssuedToken, VerifiedAccessToken } from './tokens.ts';
export { ANONYMOUS } from './viewer.ts';
export type { Viewer } from './viewer.ts';
/** Header that carries the gateway's viewer assertion to subgraphs. */
export const VIEWER_HEADER = 'x-plaza-viewer';
