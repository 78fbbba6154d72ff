import { memberFactOf, type DomainEvent } from '@plaza/events';
import type { DataAccess } from '@plaza/subgraph-kit';
import type { NotificationsRepositories } from '../repositories.ts';
import { organizationScope } from '../tenant-scopes.ts';
import type { RecipientRecord } from './recipient.repository.ts';

/** Identity's roles that administer an organization (identity's requireRole('ADMIN') admits both). */
const ADMIN_ROLES = ['OWNER', 'ADMIN'];

/**
 * The recipient directory: who belongs to each organization and at which address, as identity's
 * membership events told it. Identity owns both facts; notifications keeps this copy so that
 * email can be addressed and former members left out without reading identity's tables. It is
 * eventually consistent: a user it has not heard of yet counts as a member with no known address.
 * It keeps each member's role too (from joined and role_changed), so notifications meant for an
 * organization's admins can be addressed.
 */
export class RecipientService {
  constructor(private readonly deps: { data: DataAccess<NotificationsRepositories> }) {}

  /**
   * Applies a membership event (joined, role_changed, left, profile_changed); ignores any other.
   * Idempotent and order-insensitive: only a newer event changes what the directory holds.
   */
  async apply(event: DomainEvent): Promise<void> {
    const fact = memberFactOf(event);
    if (fact) await this.deps.data.repositories(organizationScope(fact.organizationId)).recipients.apply(fact);
  }

  /** The organization's owners and admins who have not left, as far as the directory heard. */
  findAdmins(organizationId: string): Promise<string[]> {
    return this.deps.data.repositories(organizationScope(organizationId)).recipients.findUserIdsByRoles(organizationId, ADMIN_ROLES);
  }

  /** What the directory knows of `userIds` in the organization, by user id (unknown users are absent). */
  async findByUsers(organizationId: string, userIds: readonly string[]): Promise<Map<string, RecipientRecord>> {
    const rows = userIds.length
      ? await this.deps.data.repositories(organizationScope(organizationId)).recipients.findByUsers(organizationId, userIds)
      : [];
    return new Map(rows.map((row) => [row.userId, row]));
  }
}
