import type { Viewer } from '@plaza/auth';
import { memberFactOf, type DomainEvent } from '@plaza/events';
import { DomainError, type DataAccess } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';

/**
 * Keeps the member directory (OrganizationMember) from identity's membership events: the
 * `community` consumer group. Services check user ids against it through member-access.ts.
 */
export class MemberDirectoryService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories> }) {}

  /**
   * Applies joined, role_changed and left events; ignores every other (profile changes carry
   * nothing community keeps). Idempotent and order-insensitive: only a newer event changes a row.
   */
  async apply(event: DomainEvent): Promise<void> {
    const fact = memberFactOf(event);
    if (!fact?.membership) return;
    const { members } = this.deps.data.repositories({ organizationId: fact.organizationId, userId: null });
    await members.apply({ ...fact, membership: fact.membership });
  }

  /**
   * Refuses (FORBIDDEN) a viewer the directory has seen leave the organization: an access token
   * outlives the membership it was issued for by up to its lifetime. A viewer the directory has
   * not heard of yet passes, since a member who has just joined acts before the event arrives.
   */
  async admit(viewer: Viewer): Promise<void> {
    if (!viewer.userId || !viewer.organizationId) return;
    if (await this.deps.data.repositories(viewer).members.hasLeft(viewer.organizationId, viewer.userId)) {
      throw new DomainError('FORBIDDEN', `Your membership of organization ${viewer.organizationId} has ended; sign in again`, {
        organizationId: viewer.organizationId,
      });
    }
  }
}
