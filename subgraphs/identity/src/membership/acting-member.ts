import { roleAtLeast, type Role, type Viewer } from '@plaza/auth';
import { DomainError, requireMember } from '@plaza/subgraph-kit';
import type { MembershipRecord, MembershipRepository } from './membership.repository.ts';

/**
 * The viewer's membership as the database has it now. Identity owns roles, so its own checks
 * read them fresh instead of trusting the role copied into the token at sign-in.
 */
export async function actingMember(
  memberships: Pick<MembershipRepository, 'find'>,
  viewer: Viewer,
  required: Role = 'VIEWER',
): Promise<MembershipRecord> {
  const { organizationId, userId } = requireMember(viewer);
  const membership = await memberships.find(organizationId, userId);
  if (!membership) throw new DomainError('FORBIDDEN', `You are no longer a member of organization ${organizationId}`);
  if (!roleAtLeast(membership.role, required)) {
    throw new DomainError('FORBIDDEN', `This operation needs the ${required} role or higher; you are ${membership.role}`, {
      requiredRole: required,
    });
  }
  return membership;
}
