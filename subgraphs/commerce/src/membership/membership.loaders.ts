import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { BillingService } from './billing.service.ts';

/** Membership loaders of one request, inside the viewer's organization. */
export function createMembershipLoaders({ viewer, billing }: { viewer: Viewer; billing: Pick<BillingService, 'grantedTiers'> }) {
  return {
    /** The tier each user's membership grants now (FREE without one); nothing outside an organization. */
    grantedTierByUserId: createKeyedLoader(
      (userIds: readonly string[]) => billing.grantedTiers(viewer, userIds),
      (row) => row.userId,
    ),
  };
}
