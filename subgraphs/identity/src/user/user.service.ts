import { roleAtLeast, type Viewer } from '@plaza/auth';
import { notFound, requireUser, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { recordProfileChanged } from '../membership/membership-events.ts';
import type { IdentityRepositories } from '../repositories.ts';
import type { UserRecord } from './user.repository.ts';
import type { updateProfileInput } from './user.validation.ts';

/** A user row as handed to GraphQL; `viewedBySelf` marks the user an auth payload is about. */
export type UserView = UserRecord & { viewedBySelf?: boolean };

export class UserService {
  constructor(private readonly deps: { data: DataAccess<IdentityRepositories> }) {}

  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<UserRecord | null>): Promise<UserRecord> {
    requireUser(viewer);
    const user = await load(id);
    if (!user) throw notFound('User', id);
    return user;
  }

  /**
   * Updates the viewer's profile. When the name or email changes, every organization they belong
   * to gets a profile_changed event in the same transaction: other subgraphs keep copies of them.
   */
  async updateProfile(viewer: Viewer, input: z.output<typeof updateProfileInput>): Promise<UserRecord> {
    const { userId } = requireUser(viewer);
    return this.deps.data.transaction(viewer, async ({ users, memberships, events }) => {
      const [before] = await users.findByIds([userId]);
      if (!before) throw notFound('User', userId);
      const updated = await users.update(userId, input);
      if (updated.name !== before.name || updated.email !== before.email) {
        const organizations = await memberships.findByUser(userId);
        await recordProfileChanged(
          events,
          updated,
          organizations.map((membership) => membership.organizationId),
        );
      }
      return updated;
    });
  }

  /** Users visible to the viewer: the viewer and members of the viewer's current organization. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<UserRecord[]> {
    // An API key (scope identity:read, checked before the operation) sees its organization's members.
    if (viewer.apiKey && viewer.organizationId) {
      return this.deps.data.repositories(viewer).users.findByIdsInOrganization(ids, viewer.organizationId);
    }
    if (!viewer.userId) return [];
    const { users } = this.deps.data.repositories(viewer);
    const others = ids.filter((id) => id !== viewer.userId);
    const [self, members] = await Promise.all([
      ids.includes(viewer.userId) ? users.findByIds([viewer.userId]) : [],
      viewer.organizationId && others.length ? users.findByIdsInOrganization(others, viewer.organizationId) : [],
    ]);
    return [...self, ...members];
  }

  private canSeePrivateDetails(user: UserView, viewer: Viewer): boolean {
    return user.viewedBySelf === true || user.id === viewer.userId || roleAtLeast(viewer.role, 'ADMIN');
  }

  emailFor(user: UserView, viewer: Viewer): string | null {
    return this.canSeePrivateDetails(user, viewer) ? user.email : null;
  }

  bioFor(user: UserView, viewer: Viewer): string | null {
    return user.visibility !== 'PRIVATE' || this.canSeePrivateDetails(user, viewer) ? user.bio : null;
  }
}
