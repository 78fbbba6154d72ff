import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { PrismaClient } from './db.ts';
import { MembershipRepository } from './membership/membership.repository.ts';
import { OrganizationRepository } from './organization/organization.repository.ts';
import { UserRepository } from './user/user.repository.ts';
import type { UserService } from './user/user.service.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders(prisma: PrismaClient, viewer: Viewer, users: UserService) {
  const organizations = new OrganizationRepository(prisma);
  return {
    /** Any user by id, unscoped: only for the user an auth payload is about. */
    userById: createKeyedLoader((ids: readonly string[]) => new UserRepository(prisma).findByIds(ids), (user) => user.id),
    /** Users the viewer may see (self and members of the current organization); null otherwise. */
    visibleUserById: createKeyedLoader((ids: readonly string[]) => users.findVisibleByIds(viewer, ids), (user) => user.id),
    organizationById: createKeyedLoader((ids: readonly string[]) => organizations.findByIds(ids), (org) => org.id),
    organizationsByMemberId: createGroupedLoader(
      (userIds: readonly string[]) => organizations.findByMemberIds(userIds),
      (org) => org.userId,
    ),
    /** Memberships in the viewer's current organization, by user id. */
    membershipInCurrentOrganization: createKeyedLoader(
      (userIds: readonly string[]) =>
        viewer.organizationId
          ? new MembershipRepository(prisma).findByUsersInOrganization(viewer.organizationId, userIds)
          : Promise.resolve([]),
      (membership) => membership.userId,
    ),
  };
}

export type IdentityLoaders = ReturnType<typeof createLoaders>;
