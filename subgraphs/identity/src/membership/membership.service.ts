import type { Viewer } from '@plaza/auth';
import { DomainError, afterId, idCursor, notFound, toConnection, type ConnectionArgs, type DataAccess } from '@plaza/subgraph-kit';
import type { Role } from '../generated/prisma/enums.ts';
import type { IdentityRepositories } from '../repositories.ts';
import { actingMember } from './acting-member.ts';
import { recordMemberLeft, recordMemberRoleChanged } from './membership-events.ts';
import type { MembershipRecord, MembershipRepository } from './membership.repository.ts';

export class MembershipService {
  constructor(private readonly deps: { data: DataAccess<IdentityRepositories> }) {}

  /** Members of an organization the viewer belongs to, oldest first. */
  async listMembers(viewer: Viewer, organizationId: string, args: ConnectionArgs) {
    const { memberships } = this.deps.data.repositories(viewer);
    if (!viewer.userId || !(await memberships.find(organizationId, viewer.userId))) {
      throw notFound('Organization', organizationId);
    }
    const rows = await memberships.listByOrganization(organizationId, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  async updateMemberRole(viewer: Viewer, userId: string, role: Role): Promise<MembershipRecord> {
    return this.deps.data.transaction(viewer, async ({ memberships, events }) => {
      const acting = await actingMember(memberships, viewer, 'ADMIN');
      const target = await memberships.find(acting.organizationId, userId);
      if (!target) throw notFound('Member', userId);
      if ((target.role === 'OWNER' || role === 'OWNER') && acting.role !== 'OWNER') {
        throw new DomainError('FORBIDDEN', 'Only owners may grant or take the OWNER role');
      }
      if (target.role === 'OWNER' && role !== 'OWNER') await assertAnotherOwner(memberships, acting.organizationId, userId);
      if (target.role === role) return target;
      const updated = await memberships.updateRole(target.id, role);
      await recordMemberRoleChanged(events, updated, target.role, acting.userId);
      return updated;
    });
  }

  /** Removes a member, or lets the viewer leave. Returns the removed user's id. */
  async removeMember(viewer: Viewer, userId: string): Promise<string> {
    return this.deps.data.transaction(viewer, async ({ memberships, events }) => {
      const leaving = viewer.userId === userId;
      const acting = await actingMember(memberships, viewer, leaving ? 'VIEWER' : 'ADMIN');
      const target = leaving ? acting : await memberships.find(acting.organizationId, userId);
      if (!target) throw notFound('Member', userId);
      if (target.role === 'OWNER') {
        if (!leaving && acting.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'Only owners may remove an owner');
        await assertAnotherOwner(memberships, acting.organizationId, userId);
      }
      await memberships.delete(target.id);
      await recordMemberLeft(events, target, acting.userId);
      return userId;
    });
  }
}

/** Refuses (CONFLICT) a change that would leave the organization without an owner. */
async function assertAnotherOwner(memberships: Pick<MembershipRepository, 'countOwnersForUpdate'>, organizationId: string, userId: string) {
  if ((await memberships.countOwnersForUpdate(organizationId)) <= 1) {
    throw new DomainError('CONFLICT', `User ${userId} is the last owner of organization ${organizationId}; make someone else an owner first`);
  }
}
