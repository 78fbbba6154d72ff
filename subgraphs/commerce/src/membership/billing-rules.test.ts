import { describe, expect, it } from 'vitest';
import { decide, grantedTier, statusOfStripe, type BillingEvent } from './billing-rules.ts';
import type { PlanState } from './billing.repository.ts';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const owner = { organizationId: 'org-1', userId: 'u1' };

function event(
  kind: BillingEvent['kind'],
  second: number,
  overrides: Partial<BillingEvent['subscription']> = {},
  eventId = `evt_${second}`,
): BillingEvent {
  return {
    provider: 'STRIPE',
    eventId,
    occurredAt: at(second),
    kind,
    owner,
    subscription: { id: 'sub_1', customerId: 'cus_1', tier: 'PRO', ...overrides },
  };
}

/** Applies the events in order, as BillingService does, returning the final state and what each did. */
function run(events: BillingEvent[], start: PlanState | null = null) {
  let state = start;
  const outcomes = events.map((next) => {
    const decision = decide(state, next);
    if (!decision.apply) return decision.reason;
    state = decision.state;
    return decision.change;
  });
  return { state, outcomes };
}

describe('decide', () => {
  it('follows a subscription from creation through renewal, failure and recovery to its end', () => {
    const { state, outcomes } = run([
      event('SUBSCRIPTION_CREATED', 1, { status: 'ACTIVE', periodStart: at(1), periodEnd: at(31) }),
      event('INVOICE_PAID', 2, { periodStart: at(31), periodEnd: at(61) }),
      event('INVOICE_PAYMENT_FAILED', 3),
      event('INVOICE_PAID', 4),
      event('SUBSCRIPTION_UPDATED', 5, { tier: 'BASIC', status: 'ACTIVE' }),
      event('SUBSCRIPTION_UPDATED', 6, { tier: 'BASIC', status: 'ACTIVE', cancelAtPeriodEnd: true }),
      event('SUBSCRIPTION_DELETED', 7, { tier: 'BASIC' }),
    ]);
    expect(outcomes).toEqual(['SUBSCRIBED', 'RENEWED', 'RENEWAL_FAILED', 'RENEWED', 'TIER_CHANGED', 'CANCEL_SCHEDULED', 'CANCELLED']);
    expect(state).toMatchObject({
      tier: 'BASIC',
      status: 'CANCELLED',
      currentPeriodStart: at(31),
      currentPeriodEnd: at(61),
      cancelAtPeriodEnd: false,
      providerSubscriptionId: 'sub_1',
      providerCustomerId: 'cus_1',
    });
    expect(grantedTier(state)).toBe('FREE');
  });

  it('never lets an older event, or a replay, overwrite a newer state', () => {
    const created = event('SUBSCRIPTION_CREATED', 10, { status: 'ACTIVE' });
    const failed = event('INVOICE_PAYMENT_FAILED', 20);
    const { state, outcomes } = run([created, failed, event('INVOICE_PAID', 15), failed]);
    expect(outcomes).toEqual(['SUBSCRIBED', 'RENEWAL_FAILED', 'stale', 'stale']);
    expect(state?.status).toBe('PAST_DUE');
    // Within one second, the event id decides, the same way every time.
    const tie = run([created, event('INVOICE_PAID', 20, {}, 'evt_b'), event('INVOICE_PAYMENT_FAILED', 20, {}, 'evt_a')]);
    expect(tie.outcomes).toEqual(['SUBSCRIBED', 'RENEWED', 'stale']);
  });

  it('ignores events of a replaced subscription and of comped plans, but lets a new subscription replace an ended one', () => {
    const first = run([event('SUBSCRIPTION_CREATED', 1, { status: 'ACTIVE' }), event('SUBSCRIPTION_DELETED', 2)]);
    const second = run(
      [
        event('SUBSCRIPTION_CREATED', 3, { id: 'sub_2', tier: 'ENTERPRISE', status: 'ACTIVE' }),
        event('SUBSCRIPTION_DELETED', 4, { id: 'sub_1' }),
      ],
      first.state,
    );
    expect(second.outcomes).toEqual(['SUBSCRIBED', 'other subscription']);
    expect(second.state).toMatchObject({ providerSubscriptionId: 'sub_2', tier: 'ENTERPRISE', status: 'ACTIVE' });
    expect(run([event('INVOICE_PAYMENT_FAILED', 9, { id: 'sub_2' })], { ...second.state!, comped: true }).outcomes).toEqual(['comped']);
  });
});

describe('grantedTier', () => {
  it('grants the tier while active, trialing or retrying a payment; FREE otherwise and without a membership', () => {
    expect(grantedTier(null)).toBe('FREE');
    expect(
      ['ACTIVE', 'TRIALING', 'PAST_DUE', 'CANCELLED', 'UNPAID'].map((status) =>
        grantedTier({ tier: 'PRO', status: status as PlanState['status'] }),
      ),
    ).toEqual(['PRO', 'PRO', 'PRO', 'FREE', 'FREE']);
  });

  it("maps Stripe's statuses, an unfinished first payment granting nothing", () => {
    expect(
      ['active', 'trialing', 'past_due', 'canceled', 'incomplete_expired', 'incomplete', 'unpaid', 'paused'].map(statusOfStripe),
    ).toEqual(['ACTIVE', 'TRIALING', 'PAST_DUE', 'CANCELLED', 'CANCELLED', 'UNPAID', 'UNPAID', 'UNPAID']);
  });
});
