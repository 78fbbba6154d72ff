import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, toConnection, idCursor, type ConnectionArgs, afterId } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import type { Role } from '../generated/prisma/enums.ts';
import { actingMember } from './acting-member.ts';
import { recordMemberLeft, recordMemberRoleChanged } from './membership-events.ts';
import { MembershipRepository, type MembershipRecord } from './membership.repository.ts';

export class MembershipService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /** Members of an organization the viewer belongs to, oldest first. */
  async listMembers(viewer: Viewer, organizationId: string, args: ConnectionArgs) {
    const memberships = new MembershipRepository(this.deps.prisma);
    if (!viewer.userId || !(await memberships.find(organizationId, viewer.userId))) {
      throw notFound('Organization', organizationId);
    }
    const rows = await memberships.listByOrganization(organizationId, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  async updateMemberRole(viewer: Viewer, userId: string, role: Role): Promise<MembershipRecord> {
    return this.deps.prisma.$transaction(async (tx) => {
      const memberships = new MembershipRepository(tx);
      const acting = await actingMember(memberships, viewer, 'ADMIN');
      const target = await memberships.find(acting.organizationId, userId);
      if (!target) throw notFound('Member', userId);
      if ((target.role === 'OWNER' || role === 'OWNER') && acting.role !== 'OWNER') {
        throw new DomainError('FORBIDDEN', 'Only owners may grant or take the OWNER role');
      }
      if (target.role === 'OWNER' && role !== 'OWNER') await this.assertAnotherOwner(memberships, acting.organizationId, userId);
      if (target.role === role) return target;
      const updated = await memberships.updateRole(target.id, role);
      await recordMemberRoleChanged(tx, updated, target.role, acting.userId);
      return updated;
    });
  }

  /** Removes a member, or lets the viewer leave. Returns the removed user's id. */
  async removeMember(viewer: Viewer, userId: string): Promise<string> {
    return this.deps.prisma.$transaction(async (tx) => {
      const memberships = new MembershipRepository(tx);
      const leaving = viewer.userId === userId;
      const acting = await actingMember(memberships, viewer, leaving ? 'VIEWER' : 'ADMIN');
      const target = leaving ? acting : await memberships.find(acting.organizationId, userId);
      if (!target) throw notFound('Member', userId);
      if (target.role === 'OWNER') {
        if (!leaving && acting.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'Only owners may remove an owner');
        await this.assertAnotherOwner(memberships, acting.organizationId, userId);
      }
      await memberships.delete(target.id);
      await recordMemberLeft(tx, target, acting.userId);
      return userId;
    });
  }

  private async assertAnotherOwner(memberships: MembershipRepository, organizationId: string, userId: string) {
    if ((await memberships.countOwnersForUpdate(organizationId)) <= 1) {
      throw new DomainError('CONFLICT', `User ${userId} is the last owner of organization ${organizationId}; make someone else an owner first`);
    }
  }
}
