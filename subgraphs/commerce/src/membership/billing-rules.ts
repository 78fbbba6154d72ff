import { eventVersion, isNewerVersion, type EventPayload } from '@plaza/events';
import type { BillingStatus, MembershipTier, PaymentProvider } from '../generated/prisma/enums.ts';
import type { PlanState } from './billing.repository.ts';

/**
 * What a provider says happened to a subscription, whatever the provider: Stripe's webhooks, the
 * answers to our own calls, and the test provider's simulated events all become one of these and
 * go through the same code (BillingService.applyEvent).
 */
export interface BillingEvent {
  provider: PaymentProvider;
  /** The provider's event id: an id applied once is never applied again. */
  eventId: string;
  occurredAt: Date;
  kind: 'SUBSCRIPTION_CREATED' | 'SUBSCRIPTION_UPDATED' | 'SUBSCRIPTION_DELETED' | 'INVOICE_PAID' | 'INVOICE_PAYMENT_FAILED';
  /** Whose plan it is: a member's membership (userId) or the organization's own subscription (userId null). */
  owner: { organizationId: string; userId: string | null };
  subscription: {
    id: string;
    customerId: string | null;
    tier: MembershipTier;
    /** What the provider's subscription says; invoice events imply theirs. */
    status?: BillingStatus;
    periodStart?: Date | null;
    periodEnd?: Date | null;
    cancelAtPeriodEnd?: boolean;
  };
}

export type BillingChange = EventPayload<'commerce.membership.changed'>['reason'];

/** Statuses in which the plan's tier is granted: PAST_DUE keeps it while the provider retries the payment. */
const GRANTING: readonly BillingStatus[] = ['ACTIVE', 'TRIALING', 'PAST_DUE'];

/** The tier a membership grants now: its tier while in good standing (or retrying), FREE otherwise or without one. */
export function grantedTier(plan: Pick<PlanState, 'tier' | 'status'> | null): MembershipTier {
  return plan && GRANTING.includes(plan.status) ? plan.tier : 'FREE';
}

/** Stripe's subscription statuses in Plaza's terms; incomplete (first payment pending) grants nothing yet. */
export function statusOfStripe(status: string): BillingStatus {
  switch (status) {
    case 'active':
      return 'ACTIVE';
    case 'trialing':
      return 'TRIALING';
    case 'past_due':
      return 'PAST_DUE';
    case 'canceled':
    case 'incomplete_expired':
      return 'CANCELLED';
    default:
      return 'UNPAID';
  }
}

export type Decision =
  { apply: false; reason: 'comped' | 'stale' | 'other subscription' } | { apply: true; state: PlanState; change: BillingChange };

/**
 * How `event` changes a plan that is in state `current` (null: none yet). Out of order safe: an
 * event not newer than the last applied one changes nothing; and events of a subscription the
 * plan has since replaced are ignored, except the creation of a new one.
 */
export function decide(current: PlanState | null, event: BillingEvent): Decision {
  const version = eventVersion({ id: event.eventId, occurredAt: event.occurredAt.toISOString() });
  if (current?.comped) return { apply: false, reason: 'comped' };
  if (current && !isNewerVersion(version, current.providerVersion)) return { apply: false, reason: 'stale' };
  if (current?.providerSubscriptionId && current.providerSubscriptionId !== event.subscription.id && event.kind !== 'SUBSCRIPTION_CREATED')
    return { apply: false, reason: 'other subscription' };
  const sub = event.subscription;
  const status: BillingStatus =
    event.kind === 'INVOICE_PAID'
      ? 'ACTIVE'
      : event.kind === 'INVOICE_PAYMENT_FAILED'
        ? 'PAST_DUE'
        : event.kind === 'SUBSCRIPTION_DELETED'
          ? 'CANCELLED'
          : (sub.status ?? current?.status ?? 'ACTIVE');
  const state: PlanState = {
    tier: sub.tier,
    status,
    currentPeriodStart: sub.periodStart !== undefined ? sub.periodStart : (current?.currentPeriodStart ?? null),
    currentPeriodEnd: sub.periodEnd !== undefined ? sub.periodEnd : (current?.currentPeriodEnd ?? null),
    cancelAtPeriodEnd: event.kind === 'SUBSCRIPTION_DELETED' ? false : (sub.cancelAtPeriodEnd ?? current?.cancelAtPeriodEnd ?? false),
    provider: event.provider,
    providerCustomerId: sub.customerId ?? current?.providerCustomerId ?? null,
    providerSubscriptionId: sub.id,
    comped: false,
    providerVersion: version,
  };
  return { apply: true, state, change: changeOf(current, state, event) };
}

function changeOf(current: PlanState | null, next: PlanState, event: BillingEvent): BillingChange {
  if (event.kind === 'INVOICE_PAYMENT_FAILED') return 'RENEWAL_FAILED';
  if (event.kind === 'SUBSCRIPTION_DELETED' || (next.status === 'CANCELLED' && current?.status !== 'CANCELLED')) return 'CANCELLED';
  if (!current || event.kind === 'SUBSCRIPTION_CREATED' || current.status === 'CANCELLED') return 'SUBSCRIBED';
  if (event.kind === 'INVOICE_PAID') return 'RENEWED';
  if (current.tier !== next.tier) return 'TIER_CHANGED';
  if (next.cancelAtPeriodEnd && !current.cancelAtPeriodEnd) return 'CANCEL_SCHEDULED';
  return 'UPDATED';
}
