import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import { OrganizationMemberRepository, type ActiveMemberRecord } from './member.repository.ts';

/** Member-directory loaders of one request, inside the viewer's organization (empty without one). */
export function createMemberLoaders(prisma: PrismaClient, viewer: Viewer) {
  const members = new OrganizationMemberRepository(prisma);
  const { organizationId } = viewer;
  return {
    /** Active members of the viewer's organization by user id; null for anyone else. */
    activeMemberByUserId: createKeyedLoader(
      (userIds: readonly string[]) => (organizationId ? members.findActive(organizationId, userIds) : Promise.resolve([])),
      (member: ActiveMemberRecord) => member.userId,
    ),
  };
}
