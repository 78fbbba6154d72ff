import { roleAtLeast, type Viewer } from '@plaza/auth';
import { requireMember } from '@plaza/subgraph-kit';
import type { GroupRepository } from '../group/group.repository.ts';
import { readableTiersOf, spaceScopeOf } from '../space/space-access.ts';
import type { SpaceRepository } from '../space/space.repository.ts';

/**
 * What one viewer may read of posts and comments: the spaces and groups whose content they see.
 * Spaces and groups own their visibility rules (space-access.ts, group-access.ts); resolving them
 * to id lists once per request lets every post query (feeds, search, loaders) filter with the same
 * rule in one statement, raw SQL included.
 */
export interface ContentScope {
  organizationId: string;
  userId: string;
  spaceIds: readonly string[];
  groupIds: readonly string[];
  /** Moderators and up may open hidden posts and comments by id (to review them); lists skip them for everyone. */
  seesHidden: boolean;
}

/** The repositories the scope is read with: the request's, or those of the transaction that writes. */
export interface ContentScopeSources {
  spaces: Pick<SpaceRepository, 'findVisibleIds' | 'findMemberTier'>;
  groups: Pick<GroupRepository, 'findReadableIds'>;
}

export async function loadContentScope({ spaces, groups }: ContentScopeSources, viewer: Viewer): Promise<ContentScope> {
  const member = requireMember(viewer);
  // Content of spaces that require a tier above the viewer's is out of scope, as if hidden.
  const tiers = await readableTiersOf(spaces, member);
  const [spaceIds, groupIds] = await Promise.all([
    spaces.findVisibleIds({ ...spaceScopeOf(member), ...(tiers ? { tiers } : {}) }),
    // Group content is for its members (admins and owners read every group), never for the banned.
    groups.findReadableIds(member.organizationId, member.userId, { membersOnly: !roleAtLeast(member.role, 'ADMIN') }),
  ]);
  return {
    organizationId: member.organizationId,
    userId: member.userId,
    spaceIds,
    groupIds,
    seesHidden: roleAtLeast(member.role, 'MODERATOR'),
  };
}
