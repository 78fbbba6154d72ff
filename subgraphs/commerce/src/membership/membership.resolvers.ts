import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers, TierMembershipResolvers } from '../generated/graphql.ts';
import { grantedTier } from './billing-rules.ts';
import { simulatedBillingEventSchema, subscribeMembershipInput, subscribeOrganizationInput, tierSchema } from './membership.validation.ts';

export const membershipQueries: QueryResolvers = {
  viewerTierMembership: (_, __, { viewer, services }) => services.billing.viewerMembership(viewer),
  tierMemberships: (_, { tier, ...page }, { viewer, services }) =>
    services.billing.listMemberships(viewer, { tier: parseInput(tierSchema.nullish(), tier) }, parseInput(connectionArgsSchema, page)),
  organizationSubscription: (_, __, { viewer, services }) => services.billing.organizationSubscription(viewer),
};

export const membershipMutations: MutationResolvers = {
  subscribeMembership: (_, { input }, { viewer, services }) =>
    services.billing.subscribe(viewer, parseInput(subscribeMembershipInput, input)),
  changeMembershipTier: (_, { tier }, { viewer, services }) => services.billing.changeTier(viewer, parseInput(tierSchema, tier)),
  cancelMembership: (_, __, { viewer, services }) => services.billing.cancel(viewer),
  setMembershipTier: (_, { userId, tier }, { viewer, services }) =>
    services.billing.setTier(viewer, parseInput(idSchema, userId), parseInput(tierSchema, tier)),
  subscribeOrganization: (_, { input }, { viewer, services }) =>
    services.billing.subscribeOrganization(viewer, parseInput(subscribeOrganizationInput, input)),
  changeOrganizationPlan: (_, { tier }, { viewer, services }) =>
    services.billing.changeOrganizationPlan(viewer, { tier: parseInput(tierSchema, tier) }),
  cancelOrganizationSubscription: (_, __, { viewer, services }) =>
    services.billing.changeOrganizationPlan(viewer, { cancelAtPeriodEnd: true }),
  simulateBillingEvent: (_, { userId, event }, { viewer, services }) =>
    services.billing.simulate(viewer, parseInput(idSchema.nullish(), userId) ?? null, parseInput(simulatedBillingEventSchema, event)),
};

export const TierMembership: TierMembershipResolvers = {
  user: (membership) => ({ id: membership.userId }),
  grantedTier: (membership) => grantedTier(membership),
};
