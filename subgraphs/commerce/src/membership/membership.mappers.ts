import type { Connection } from '@plaza/subgraph-kit';
import type { MembershipRecord } from './billing.repository.ts';

export type { MembershipRecord as TierMembershipMapper } from './billing.repository.ts';
export type { OrganizationSubscriptionRecord as OrganizationSubscriptionMapper } from './billing.repository.ts';
export type { BillingEventOutcome as BillingEventOutcomeMapper } from './billing.service.ts';
export type TierMembershipConnectionMapper = Connection<MembershipRecord>;
