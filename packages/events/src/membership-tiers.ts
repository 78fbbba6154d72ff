import type { EventPayload } from './catalog.ts';

/** Commerce's membership tiers, as the catalog's `commerce.membership.changed` carries them. */
export type MembershipTier = EventPayload<'commerce.membership.changed'>['tier'];

/** Lowest first: a tier grants everything the tiers before it grant. */
export const MEMBERSHIP_TIERS: readonly MembershipTier[] = ['FREE', 'BASIC', 'PRO', 'ENTERPRISE'];

/** Whether `tier` grants what `required` does (a null requirement is met by every tier). */
export function tierAtLeast(tier: MembershipTier, required: MembershipTier | null): boolean {
  return required === null || MEMBERSHIP_TIERS.indexOf(tier) >= MEMBERSHIP_TIERS.indexOf(required);
}
