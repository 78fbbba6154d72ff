import { memberTierFactOf, type DomainEvent } from '@plaza/events';
import type { DataAccess } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';

/**
 * Keeps each member's membership tier from commerce's `commerce.membership.changed` events
 * (event-carried state): spaces with a required tier check it on the member's next request.
 */
export class MemberTierService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories> }) {}

  /** Applies a membership event; ignores other events. Idempotent and order-insensitive (membershipTierVersion). */
  async apply(event: DomainEvent): Promise<void> {
    const fact = memberTierFactOf(event);
    if (!fact) return;
    await this.deps.data.transaction({ organizationId: fact.organizationId, userId: null }, ({ memberTiers }) => memberTiers.apply(fact));
  }
}
