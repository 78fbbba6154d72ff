import type { Viewer } from '@plaza/auth';
import type { ViewerAccessChange } from '@plaza/events';
import {
  DomainError,
  afterId,
  idCursor,
  notFound,
  requireOrganizationAccess,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { Role } from '../generated/prisma/enums.ts';
import type { IdentityRepositories } from '../repositories.ts';
import { actingMember } from './acting-member.ts';
import { recordMemberLeft, recordMemberRoleChanged } from './membership-events.ts';
import type { MembershipRecord, MembershipRepository } from './membership.repository.ts';

export class MembershipService {
  constructor(
    private readonly deps: {
      data: DataAccess<IdentityRepositories>;
      /** Told after commit, so gateways judge the member's next request by the change. */
      onAccessChanged?(change: ViewerAccessChange): void;
    },
  ) {}

  /** Members of an organization the viewer belongs to, oldest first. */
  async listMembers(viewer: Viewer, organizationId: string, args: ConnectionArgs) {
    const listsOwn = viewer.apiKey
      ? requireOrganizationAccess(viewer).organizationId === organizationId
      : !!viewer.userId && !!(await this.deps.data.repositories(viewer).memberships.find(organizationId, viewer.userId));
    if (!listsOwn) throw notFound('Organization', organizationId);
    // A member of several organizations may list any of theirs, not only the one the token acts in.
    const { memberships } = this.deps.data.repositories({ organizationId, userId: viewer.userId });
    const rows = await memberships.listByOrganization(organizationId, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  async updateMemberRole(viewer: Viewer, userId: string, role: Role): Promise<MembershipRecord> {
    const { updated, changed } = await this.deps.data.transaction(viewer, async ({ memberships, events }) => {
      const acting = await actingMember(memberships, viewer, 'ADMIN');
      const target = await memberships.find(acting.organizationId, userId);
      if (!target) throw notFound('Member', userId);
      if ((target.role === 'OWNER' || role === 'OWNER') && acting.role !== 'OWNER') {
        throw new DomainError('FORBIDDEN', 'Only owners may grant or take the OWNER role');
      }
      if (target.role === 'OWNER' && role !== 'OWNER') await assertAnotherOwner(memberships, acting.organizationId, userId);
      if (target.role === role) return { updated: target, changed: false };
      const updated = await memberships.updateRole(target.id, role);
      await recordMemberRoleChanged(events, updated, target.role, acting.userId);
      return { updated, changed: true };
    });
    if (changed) this.deps.onAccessChanged?.({ userId: updated.userId, organizationId: updated.organizationId, reason: 'ROLE_CHANGED' });
    return updated;
  }

  /** Removes a member, or lets the viewer leave. Returns the removed user's id. */
  async removeMember(viewer: Viewer, userId: string): Promise<string> {
    const removed = await this.deps.data.transaction(viewer, async ({ memberships, events }) => {
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
      return target;
    });
    this.deps.onAccessChanged?.({ userId, organizationId: removed.organizationId, reason: 'MEMBERSHIP_ENDED' });
    return userId;
  }
}

/** Refuses (CONFLICT) a change that would leave the organization without an owner. */
async function assertAnotherOwner(memberships: Pick<MembershipRepository, 'countOwnersForUpdate'>, organizationId: string, userId: string) {
  if ((await memberships.countOwnersForUpdate(organizationId)) <= 1) {
    throw new DomainError(
      'CONFLICT',
      `User ${userId} is the last owner of organization ${organizationId}; make someone else an owner first`,
    );
  }
}
