import { roleAtLeast, type Role, type Viewer } from '@plaza/auth';
import { DomainError } from './errors.ts';

/** A viewer who is signed in. */
export interface SignedInViewer extends Viewer {
  userId: string;
}

/** A signed-in viewer acting inside one organization: every tenant-scoped call needs this. */
export interface MemberViewer extends SignedInViewer {
  organizationId: string;
  role: Role;
}

/**
 * An API key acts for no user: operations that act as a person (their profile, their posts,
 * memberships, API keys themselves) refuse it as FORBIDDEN — it is authenticated, just not a user.
 */
export function requireUser(viewer: Viewer): SignedInViewer {
  if (viewer.apiKey) {
    throw new DomainError(
      'FORBIDDEN',
      `API key ${viewer.apiKey.id} acts for no user: this operation needs a signed-in user's access token`,
      {
        apiKeyId: viewer.apiKey.id,
      },
    );
  }
  if (!viewer.userId) throw new DomainError('UNAUTHENTICATED', 'Sign in first: this operation needs an access token');
  return viewer as SignedInViewer;
}

export function requireMember(viewer: Viewer): MemberViewer {
  const user = requireUser(viewer);
  if (!user.organizationId || !user.role) {
    throw new DomainError('FORBIDDEN', 'Choose an organization first (switchOrganization or createOrganization)');
  }
  return user as MemberViewer;
}

export function requireRole(viewer: Viewer, required: Role): MemberViewer {
  const member = requireMember(viewer);
  if (!roleAtLeast(member.role, required)) {
    throw new DomainError('FORBIDDEN', `This operation needs the ${required} role or higher; you are ${member.role}`, {
      requiredRole: required,
    });
  }
  return member;
}

/**
 * For operations on an organization's own data that need no acting user: a member with at least
 * `required`, or an API key of the organization. A key's scopes were checked before the operation
 * ran (apiKeyScopesPlugin): a read needs `<domain>:read`, a mutation `<domain>:write`.
 */
export function requireOrganizationAccess(viewer: Viewer, required: Role = 'VIEWER'): { organizationId: string } {
  if (viewer.apiKey && viewer.organizationId) return { organizationId: viewer.organizationId };
  return requireRole(viewer, required);
}
