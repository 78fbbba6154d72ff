import { v7 as uuidv7 } from 'uuid';
import type { BillingStatus, MembershipTier, PaymentProvider as ProviderName } from '../generated/prisma/enums.ts';
import type { BillingEvent } from '../membership/billing-rules.ts';
import type { PlanState } from '../membership/billing.repository.ts';

/** A provider's subscription as its API answers it. */
export interface ProviderSubscription {
  id: string;
  customerId: string | null;
  status: BillingStatus;
  periodStart: Date | null;
  periodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

/** Who a subscription bills and for what: a member's membership (userId) or the organization's plan (userId null). */
export interface SubscriptionRequest {
  organizationId: string;
  userId: string | null;
  tier: MembershipTier;
  email: string | null;
  /** Provider-specific payment method (Stripe's pm_…); the test provider's pm_card_chargeDeclined fails the first payment. */
  paymentMethod: string | null;
}

/**
 * Recurring billing through a provider. Its answers, and its later events (Stripe's webhooks, the
 * test provider's simulated ones), are applied by BillingService.applyEvent.
 */
export interface SubscriptionProvider {
  readonly name: ProviderName;
  subscribe(request: SubscriptionRequest): Promise<ProviderSubscription>;
  /** Changes the tier and/or schedules the end at the period's end; metadata keeps the owner for later events. */
  update(
    subscriptionId: string,
    owner: Pick<SubscriptionRequest, 'organizationId' | 'userId'>,
    change: { tier?: MembershipTier; cancelAtPeriodEnd?: boolean },
  ): Promise<ProviderSubscription>;
}

const DECLINED = 'pm_card_chargeDeclined';
const PERIOD_MS = 30 * 24 * 60 * 60 * 1000;

/** What the test provider can be told happened at the end of a billing period (simulateBillingEvent). */
export type SimulatedBillingEvent = 'RENEWAL' | 'PAYMENT_FAILED' | 'PAYMENTS_EXHAUSTED';

/**
 * The built-in provider's subscriptions: 30-day periods, no money. The provider keeps no state of
 * its own (Plaza's row is the subscription), so its events are computed from that row, and
 * `simulate` yields what Stripe would send at a period's end, to go through the same code as
 * Stripe's webhooks.
 */
export class TestSubscriptionProvider implements SubscriptionProvider {
  readonly name = 'TEST' as const;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async subscribe(request: SubscriptionRequest): Promise<ProviderSubscription> {
    const start = this.now();
    const owner = request.userId ?? `org_${request.organizationId}`;
    return {
      id: `test_sub_${uuidv7()}`,
      customerId: `test_cus_${owner}`,
      // As Stripe's default_incomplete: a declined first payment leaves the subscription unpaid.
      status: request.paymentMethod === DECLINED ? 'UNPAID' : 'ACTIVE',
      periodStart: start,
      periodEnd: new Date(start.getTime() + PERIOD_MS),
      cancelAtPeriodEnd: false,
    };
  }

  async update(subscriptionId: string): Promise<ProviderSubscription> {
    // Nothing to tell a provider without state: the change itself is the answer (BillingService keeps the rest).
    return { id: subscriptionId, customerId: null, status: 'ACTIVE', periodStart: null, periodEnd: null, cancelAtPeriodEnd: false };
  }

  /** The event a period's end brings for a subscription in state `plan`. */
  simulate(plan: PlanState & { providerSubscriptionId: string }, owner: BillingEvent['owner'], what: SimulatedBillingEvent): BillingEvent {
    const base = { provider: this.name, eventId: `test_evt_${uuidv7()}`, occurredAt: this.now(), owner };
    const subscription = { id: plan.providerSubscriptionId, customerId: plan.providerCustomerId, tier: plan.tier };
    const start = plan.currentPeriodEnd ?? this.now();
    switch (what) {
      case 'RENEWAL':
        return plan.cancelAtPeriodEnd
          ? { ...base, kind: 'SUBSCRIPTION_DELETED', subscription }
          : {
              ...base,
              kind: 'INVOICE_PAID',
              subscription: { ...subscription, periodStart: start, periodEnd: new Date(start.getTime() + PERIOD_MS) },
            };
      case 'PAYMENT_FAILED':
        return { ...base, kind: 'INVOICE_PAYMENT_FAILED', subscription };
      case 'PAYMENTS_EXHAUSTED':
        return { ...base, kind: 'SUBSCRIPTION_UPDATED', subscription: { ...subscription, status: 'UNPAID' } };
    }
  }
}
