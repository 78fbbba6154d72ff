import type { Viewer } from '@plaza/auth';
import { createKeyedLoader, type MemberDirectory } from '@plaza/subgraph-kit';

/** Member-directory loaders of one request, inside the viewer's organization (empty without one). */
export function createMemberLoaders({ viewer, members }: { viewer: Viewer; members: Pick<MemberDirectory, 'activeAmong'> }) {
  return {
    /** Active members of the viewer's organization by user id; null for anyone else. */
    activeMemberByUserId: createKeyedLoader(
      (userIds: readonly string[]) => members.activeAmong(viewer, userIds),
      (member) => member.userId,
    ),
  };
}
