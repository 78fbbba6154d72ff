import type Stripe from 'stripe';
import type { MembershipTier } from '../generated/prisma/enums.ts';
import { statusOfStripe, type BillingEvent } from '../membership/billing-rules.ts';
import type { ProviderSubscription, SubscriptionProvider, SubscriptionRequest } from './subscription-provider.ts';

/** Stripe's price id of each paid tier (STRIPE_TIER_PRICES). */
export type TierPrices = Partial<Record<MembershipTier, string>>;

const date = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);
const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? null));

/** A Stripe subscription in Plaza's terms (periods live on its first item since Stripe's 2025 API). */
function subscriptionOfStripe(subscription: Stripe.Subscription): ProviderSubscription {
  const item = subscription.items?.data?.[0];
  return {
    id: subscription.id,
    customerId: idOf(subscription.customer),
    status: statusOfStripe(subscription.status),
    periodStart: date(item?.current_period_start),
    periodEnd: date(item?.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
  };
}

const TIERS = new Set<string>(['FREE', 'BASIC', 'PRO', 'ENTERPRISE']);

/** The owner and tier Plaza wrote into a subscription's metadata; null when it names none (not Plaza's). */
function ownerOf(metadata: Stripe.Metadata | null | undefined): { owner: BillingEvent['owner']; tier: MembershipTier } | null {
  if (!metadata?.organizationId || !metadata.tier || !TIERS.has(metadata.tier)) return null;
  return { owner: { organizationId: metadata.organizationId, userId: metadata.userId || null }, tier: metadata.tier as MembershipTier };
}

/** Stripe's subscription and invoice events as BillingEvents; null for other events and for subscriptions Plaza did not start. */
export function billingEventOfStripe(event: Stripe.Event): BillingEvent | null {
  const base = { provider: 'STRIPE' as const, eventId: event.id, occurredAt: new Date(event.created * 1000) };
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const subscription = event.data.object;
      const plaza = ownerOf(subscription.metadata);
      if (!plaza) return null;
      const kind =
        event.type === 'customer.subscription.created'
          ? 'SUBSCRIPTION_CREATED'
          : event.type === 'customer.subscription.deleted'
            ? 'SUBSCRIPTION_DELETED'
            : 'SUBSCRIPTION_UPDATED';
      return { ...base, kind, owner: plaza.owner, subscription: { ...subscriptionOfStripe(subscription), tier: plaza.tier } };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      const details = invoice.parent?.subscription_details;
      const plaza = ownerOf(details?.metadata);
      const subscriptionId = idOf(details?.subscription);
      if (!plaza || !subscriptionId) return null;
      const period = invoice.lines?.data?.[0]?.period;
      return {
        ...base,
        kind: event.type === 'invoice.paid' ? 'INVOICE_PAID' : 'INVOICE_PAYMENT_FAILED',
        owner: plaza.owner,
        subscription: {
          id: subscriptionId,
          customerId: idOf(invoice.customer),
          tier: plaza.tier,
          ...(event.type === 'invoice.paid' && period ? { periodStart: date(period.start), periodEnd: date(period.end) } : {}),
        },
      };
    }
    default:
      return null;
  }
}

/** Memberships and organization plans as Stripe subscriptions of the tier's price (STRIPE_TIER_PRICES). */
export class StripeSubscriptionProvider implements SubscriptionProvider {
  readonly name = 'STRIPE' as const;

  constructor(
    private readonly stripe: Stripe,
    private readonly prices: TierPrices,
  ) {}

  private price(tier: MembershipTier): string {
    const price = this.prices[tier];
    if (!price) throw new Error(`No Stripe price for the ${tier} tier (STRIPE_TIER_PRICES)`);
    return price;
  }

  async subscribe(request: SubscriptionRequest): Promise<ProviderSubscription> {
    // The metadata comes back in every subscription and invoice event: it names the owner and the tier.
    const metadata = { organizationId: request.organizationId, userId: request.userId ?? '', tier: request.tier };
    const customer = await this.stripe.customers.create({
      ...(request.email ? { email: request.email } : {}),
      metadata,
      ...(request.paymentMethod ? { payment_method: request.paymentMethod } : {}),
    });
    const subscription = await this.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: this.price(request.tier) }],
      metadata,
      ...(request.paymentMethod ? { default_payment_method: request.paymentMethod } : { payment_behavior: 'default_incomplete' as const }),
    });
    return subscriptionOfStripe(subscription);
  }

  async update(
    subscriptionId: string,
    owner: Pick<SubscriptionRequest, 'organizationId' | 'userId'>,
    change: { tier?: MembershipTier; cancelAtPeriodEnd?: boolean },
  ): Promise<ProviderSubscription> {
    const current = await this.stripe.subscriptions.retrieve(subscriptionId);
    const item = current.items.data[0];
    const subscription = await this.stripe.subscriptions.update(subscriptionId, {
      ...(change.tier && item ? { items: [{ id: item.id, price: this.price(change.tier) }] } : {}),
      ...(change.tier ? { metadata: { organizationId: owner.organizationId, userId: owner.userId ?? '', tier: change.tier } } : {}),
      ...(change.cancelAtPeriodEnd !== undefined ? { cancel_at_period_end: change.cancelAtPeriodEnd } : {}),
    });
    return subscriptionOfStripe(subscription);
  }
}
