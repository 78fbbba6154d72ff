import type { Viewer } from '@plaza/auth';
import { DomainError, idCursor, requireMember, toConnection, afterId, type ConnectionArgs, type DataAccess } from '@plaza/subgraph-kit';
import { requireActiveMembers, type ActiveMembers } from '../member/member-access.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { FollowPage, FollowRecord } from './follow.repository.ts';

export class FollowService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories> }) {}

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
    await this.deps.data.transaction(viewer, async ({ follows, events }) => {
      const follow = await follows.addIfAbsent({ organizationId: member.organizationId, followerId: member.userId, followeeId: userId });
      if (!follow) return;
      await events.record({
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
    await this.deps.data
      .repositories(viewer)
      .follows.remove({ organizationId: member.organizationId, followerId: member.userId, followeeId: userId });
    return { id: userId };
  }

  /**
   * One user's page of follows as the edges of a FollowConnection: each edge's node is the user
   * on the `side` asked for (the follower, or the one followed).
   */
  async page(args: ConnectionArgs, side: 'followerId' | 'followeeId', loadPage: (page: FollowPage) => Promise<FollowRecord[]>) {
    const rows = await loadPage({ afterId: afterId(args), take: args.first + 1 });
    const connection = toConnection(rows, args.first, idCursor);
    return {
      edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: { id: node[side] }, followedAt: node.createdAt })),
      pageInfo: connection.pageInfo,
    };
  }
}
