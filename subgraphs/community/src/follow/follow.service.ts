import type { Viewer } from '@plaza/auth';
import { DomainError, idCursor, requireMember, toConnection, afterId, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import { requireActiveMembers, type ActiveMembers } from '../member/member-access.ts';
import { recordDomainEvent } from '../post/domain-events.ts';
import { FollowRepository, type FollowRecord } from './follow.repository.ts';

export class FollowService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /**
   * The viewer follows `userId`, an active member of their organization (NOT_FOUND otherwise);
   * following twice is a no-op. A new follow records the user.followed event in the same transaction.
   */
  async follow(viewer: Viewer, userId: string, members: ActiveMembers): Promise<{ id: string }> {
    const member = requireMember(viewer);
    if (userId === member.userId) {
      throw new DomainError('BAD_USER_INPUT', `userId: you cannot follow yourself (${userId})`, { field: 'userId' });
    }
    await requireActiveMembers(members, [userId]);
    await this.deps.prisma.$transaction(async (tx) => {
      const follow = await new FollowRepository(tx).addIfAbsent({ organizationId: member.organizationId, followerId: member.userId, followeeId: userId });
      if (!follow) return;
      await recordDomainEvent(tx, {
        type: 'community.user.followed',
        organizationId: member.organizationId,
        actorId: member.userId,
        subject: { type: 'User', id: userId },
        payload: { followerId: member.userId, followeeId: userId },
      });
    });
    return { id: userId };
  }

  /** Stops following; a no-op when the viewer did not follow the user. */
  async unfollow(viewer: Viewer, userId: string): Promise<{ id: string }> {
    const member = requireMember(viewer);
    await new FollowRepository(this.deps.prisma).remove({ organizationId: member.organizationId, followerId: member.userId, followeeId: userId });
    return { id: userId };
  }

  async page(args: ConnectionArgs, loadPage: (page: { afterId?: string; take: number }) => Promise<FollowRecord[]>) {
    const rows = await loadPage({ afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }
}
