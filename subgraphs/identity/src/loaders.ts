import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { IdentityServices } from './context.ts';
import type { IdentityRepositories } from './repositories.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders({
  repositories,
  viewer,
  services,
}: {
  repositories: IdentityRepositories;
  viewer: Viewer;
  services: IdentityServices;
}) {
  const { users, organizations, memberships } = repositories;
  return {
    /** Any user by id, unscoped: only for the user an auth payload is about. */
    userById: createKeyedLoader(
      (ids: readonly string[]) => users.findByIds(ids),
      (user) => user.id,
    ),
    /** Users the viewer may see (self and members of the current organization); null otherwise. */
    visibleUserById: createKeyedLoader(
      (ids: readonly string[]) => services.users.findVisibleByIds(viewer, ids),
      (user) => user.id,
    ),
    organizationById: createKeyedLoader(
      (ids: readonly string[]) => organizations.findByIds(ids),
      (org) => org.id,
    ),
    organizationsByMemberId: createGroupedLoader(
      (userIds: readonly string[]) => organizations.findByMemberIds(userIds),
      (org) => org.userId,
    ),
    /** Memberships in the viewer's current organization, by user id. */
    membershipInCurrentOrganization: createKeyedLoader(
      (userIds: readonly string[]) =>
        viewer.organizationId ? memberships.findByUsersInOrganization(viewer.organizationId, userIds) : Promise.resolve([]),
      (membership) => membership.userId,
    ),
  };
}

export type IdentityLoaders = ReturnType<typeof createLoaders>;
