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

export function requireUser(viewer: Viewer): SignedInViewer {
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
