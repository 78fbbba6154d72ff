import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { fakeStripeApi, sendStripeEvent, stripeTestEnv } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

const WEBHOOK_SECRET = 'whsec_plaza_membership_secret';
const DAY = 24 * 60 * 60 * 1000;

/**
 * Stripe's API as far as the subscription provider uses it: customers, and subscriptions that are
 * active at once, kept in memory so updates answer the current state.
 */
function subscriptionsApi() {
  const subscriptions = new Map<string, Record<string, unknown>>();
  let n = 0;
  return fakeStripeApi(({ method, path, form }) => {
    const metadata = {
      organizationId: form.get('metadata[organizationId]'),
      userId: form.get('metadata[userId]'),
      tier: form.get('metadata[tier]'),
    };
    const now = Math.floor(Date.now() / 1000);
    if (path === '/v1/customers') return { body: { id: `cus_fake_${++n}`, object: 'customer', metadata } };
    if (path === '/v1/subscriptions') {
      const id = `sub_fake_${++n}`;
      const item = {
        id: `si_${id}`,
        price: { id: form.get('items[0][price]') },
        current_period_start: now,
        current_period_end: now + 30 * 86400,
      };
      const subscription = {
        id,
        object: 'subscription',
        customer: form.get('customer'),
        status: 'active',
        cancel_at_period_end: false,
        metadata,
        items: { object: 'list', data: [item] },
      };
      subscriptions.set(id, subscription);
      return { body: subscription };
    }
    const subscription = subscriptions.get(path.split('/')[3] ?? '');
    if (!subscription) return { status: 404, body: { error: { type: 'invalid_request_error', message: `No such subscription: ${path}` } } };
    if (method === 'POST') {
      if (form.has('cancel_at_period_end')) subscription.cancel_at_period_end = form.get('cancel_at_period_end') === 'true';
      if (form.has('metadata[tier]')) subscription.metadata = metadata;
    }
    return { body: subscription };
  });
}

let stack: TestStack;
let stripeApi: Server;
let owner: Actor;
beforeAll(async () => {
  stripeApi = await subscriptionsApi();
  stack = await startTestStack({
    only: ['identity', 'commerce'],
    env: { ...stripeTestEnv(stripeApi, WEBHOOK_SECRET), STRIPE_TIER_PRICES: 'BASIC=price_basic,PRO=price_pro,ENTERPRISE=price_enterprise' },
  });
  owner = await stack.createOrganization();
});
afterAll(async () => {
  await stack?.stop();
  stripeApi?.close();
});

// The membership fields the operations below spread; codegen appends the fragment to each of them.
graphql(`
  fragment MembershipFields on TierMembership {
    tier
    grantedTier
    status
    currentPeriodStart
    currentPeriodEnd
    cancelAtPeriodEnd
    provider
    providerCustomerId
    providerSubscriptionId
    comped
    user {
      id
    }
  }
`);
const SUBSCRIBE = graphql(`
  mutation MembershipsSubscribe($input: SubscribeMembershipInput!) {
    subscribeMembership(input: $input) {
      ...MembershipFields
    }
  }
`);
const CHANGE_TIER = graphql(`
  mutation MembershipsChangeTier($tier: MembershipTier!) {
    changeMembershipTier(tier: $tier) {
      ...MembershipFields
    }
  }
`);
const CANCEL = graphql(`
  mutation MembershipsCancel {
    cancelMembership {
      ...MembershipFields
    }
  }
`);
const SET_TIER = graphql(`
  mutation MembershipsSetTier($userId: ID!, $tier: MembershipTier!) {
    setMembershipTier(userId: $userId, tier: $tier) {
      ...MembershipFields
    }
  }
`);
const SIMULATE = graphql(`
  mutation MembershipsSimulate($userId: ID, $event: SimulatedBillingEvent!) {
    simulateBillingEvent(userId: $userId, event: $event) {
      applied
      reason
    }
  }
`);
const VIEWER_MEMBERSHIP = graphql(`
  query MembershipsViewer {
    viewerTierMembership {
      ...MembershipFields
    }
    me {
      membershipTier
    }
  }
`);
const LIST = graphql(`
  query MembershipsList($tier: MembershipTier) {
    tierMemberships(first: 50, tier: $tier) {
      edges {
        node {
          tier
          user {
            id
          }
        }
      }
    }
  }
`);
const USER_TIER = graphql(`
  query MembershipsUserTier($id: ID!) {
    user(id: $id) {
      membershipTier
    }
  }
`);
graphql(`
  fragment OrganizationSubscriptionFields on OrganizationSubscription {
    tier
    status
    billingEmail
    cancelAtPeriodEnd
    currentPeriodEnd
    provider
  }
`);
const ORG_SUBSCRIPTION = graphql(`
  query MembershipsOrganizationSubscription {
    organizationSubscription {
      ...OrganizationSubscriptionFields
    }
  }
`);
const SUBSCRIBE_ORG = graphql(`
  mutation MembershipsSubscribeOrganization($input: SubscribeOrganizationInput!) {
    subscribeOrganization(input: $input) {
      ...OrganizationSubscriptionFields
    }
  }
`);
const CHANGE_PLAN = graphql(`
  mutation MembershipsChangePlan($tier: MembershipTier!) {
    changeOrganizationPlan(tier: $tier) {
      ...OrganizationSubscriptionFields
    }
  }
`);
const CANCEL_ORG = graphql(`
  mutation MembershipsCancelOrganization {
    cancelOrganizationSubscription {
      ...OrganizationSubscriptionFields
    }
  }
`);

const viewerMembership = async (actor: Actor) => expectData(await actor.request(VIEWER_MEMBERSHIP));
const simulate = async (admin: Actor, userId: string | null, event: 'RENEWAL' | 'PAYMENT_FAILED' | 'PAYMENTS_EXHAUSTED') =>
  expectData(await admin.request(SIMULATE, { userId, event })).simulateBillingEvent;

async function membershipEvents(actor: Actor) {
  const events = await stack.recordedEvents('commerce', { organizationId: actor.organizationId, type: 'commerce.membership.changed' });
  return (events as DomainEvent<'commerce.membership.changed'>[]).filter((event) => event.payload.userId === actor.userId);
}

const sendEvent = (event: { id: string; type: string; created: number; object: Record<string, unknown> }, signature?: string) =>
  sendStripeEvent(stack, WEBHOOK_SECRET, event, signature);

describe('memberships with the test provider', () => {
  it('subscribes, renews, fails, recovers, changes tier and ends at the period end, each step a membership.changed event', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    expect(await viewerMembership(member)).toEqual({ viewerTierMembership: null, me: { membershipTier: 'FREE' } });
    expectErrorCode(await member.request(SUBSCRIBE, { input: { tier: 'FREE' } }), 'BAD_USER_INPUT');

    const subscribed = expectData(await member.request(SUBSCRIBE, { input: { tier: 'PRO' } })).subscribeMembership;
    expect(subscribed).toMatchObject({
      tier: 'PRO',
      grantedTier: 'PRO',
      status: 'ACTIVE',
      provider: 'TEST',
      cancelAtPeriodEnd: false,
      comped: false,
      user: { id: member.userId },
    });
    const firstEnd = new Date(subscribed.currentPeriodEnd as string).getTime();
    expect(firstEnd - new Date(subscribed.currentPeriodStart as string).getTime()).toBe(30 * DAY);
    expect(expectData(await owner.request(USER_TIER, { id: member.userId })).user?.membershipTier).toBe('PRO');
    expect(expectErrorCode(await member.request(SUBSCRIBE, { input: { tier: 'BASIC' } }), 'CONFLICT').message).toBe(
      'There is a ACTIVE PRO subscription already: change its tier instead',
    );

    expectErrorCode(await member.request(SIMULATE, { userId: member.userId, event: 'RENEWAL' }), 'FORBIDDEN');
    expect(await simulate(owner, member.userId, 'RENEWAL')).toEqual({ applied: true, reason: 'applied' });
    const renewed = (await viewerMembership(member)).viewerTierMembership;
    expect(new Date(renewed.currentPeriodStart as string).getTime()).toBe(firstEnd);
    expect(new Date(renewed.currentPeriodEnd as string).getTime()).toBe(firstEnd + 30 * DAY);

    // A failed renewal keeps the tier while the provider retries; exhausted retries take it away.
    await simulate(owner, member.userId, 'PAYMENT_FAILED');
    expect(await viewerMembership(member)).toMatchObject({
      viewerTierMembership: { status: 'PAST_DUE', grantedTier: 'PRO' },
      me: { membershipTier: 'PRO' },
    });
    await simulate(owner, member.userId, 'RENEWAL');
    expect((await viewerMembership(member)).viewerTierMembership).toMatchObject({ status: 'ACTIVE' });

    expect(expectData(await member.request(CHANGE_TIER, { tier: 'BASIC' })).changeMembershipTier).toMatchObject({
      tier: 'BASIC',
      grantedTier: 'BASIC',
      status: 'ACTIVE',
      providerSubscriptionId: subscribed.providerSubscriptionId,
    });
    expect(expectData(await member.request(CANCEL)).cancelMembership).toMatchObject({ cancelAtPeriodEnd: true, grantedTier: 'BASIC' });
    await simulate(owner, member.userId, 'RENEWAL');
    expect(await viewerMembership(member)).toMatchObject({
      viewerTierMembership: { status: 'CANCELLED', tier: 'BASIC', grantedTier: 'FREE', cancelAtPeriodEnd: false },
      me: { membershipTier: 'FREE' },
    });
    expectErrorCode(await member.request(CHANGE_TIER, { tier: 'PRO' }), 'CONFLICT');

    const events = await membershipEvents(member);
    expect(events.map((event) => [event.payload.reason, event.payload.tier, event.payload.status, event.payload.revision])).toEqual([
      ['SUBSCRIBED', 'PRO', 'ACTIVE', 1],
      ['RENEWED', 'PRO', 'ACTIVE', 2],
      ['RENEWAL_FAILED', 'PRO', 'PAST_DUE', 3],
      ['RENEWED', 'PRO', 'ACTIVE', 4],
      ['TIER_CHANGED', 'BASIC', 'ACTIVE', 5],
      ['CANCEL_SCHEDULED', 'BASIC', 'ACTIVE', 6],
      ['CANCELLED', 'FREE', 'CANCELLED', 7],
    ]);

    // Subscribing again starts a new subscription; a declined first payment leaves it UNPAID.
    const again = expectData(await member.request(SUBSCRIBE, { input: { tier: 'PRO', paymentMethod: 'pm_card_chargeDeclined' } }));
    expect(again.subscribeMembership).toMatchObject({ tier: 'PRO', status: 'UNPAID', grantedTier: 'FREE' });
    expect(again.subscribeMembership.providerSubscriptionId).not.toBe(subscribed.providerSubscriptionId);
  });

  it('takes the tier away when every retry failed', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    expectData(await member.request(SUBSCRIBE, { input: { tier: 'ENTERPRISE' } }));
    await simulate(owner, member.userId, 'PAYMENT_FAILED');
    await simulate(owner, member.userId, 'PAYMENTS_EXHAUSTED');
    expect(await viewerMembership(member)).toMatchObject({
      viewerTierMembership: { tier: 'ENTERPRISE', status: 'UNPAID', grantedTier: 'FREE' },
      me: { membershipTier: 'FREE' },
    });
  });
});

describe('memberships with Stripe', () => {
  it('subscribes through Stripe, then follows its webhooks once each, ignoring replays and events older than the state', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const started = expectData(await member.request(SUBSCRIBE, { input: { tier: 'BASIC', provider: 'STRIPE' } })).subscribeMembership;
    expect(started).toMatchObject({ tier: 'BASIC', status: 'ACTIVE', provider: 'STRIPE', grantedTier: 'BASIC' });
    const subscriptionId = started.providerSubscriptionId!;
    expect(subscriptionId).toMatch(/^sub_fake_/);
    expect(started.providerCustomerId).toMatch(/^cus_fake_/);

    const metadata = { organizationId: owner.organizationId, userId: member.userId, tier: 'PRO' };
    const now = Math.floor(Date.now() / 1000) + 5;
    const upgraded = {
      id: `evt_up_${subscriptionId}`,
      type: 'customer.subscription.updated',
      created: now,
      object: {
        id: subscriptionId,
        object: 'subscription',
        customer: started.providerCustomerId,
        status: 'active',
        cancel_at_period_end: false,
        metadata,
        items: { data: [{ current_period_start: now, current_period_end: now + 30 * 86400 }] },
      },
    };
    expect(await sendEvent(upgraded)).toEqual({ status: 200, body: { received: true, applied: true, reason: 'applied' } });
    expect(await sendEvent(upgraded)).toEqual({ status: 200, body: { received: true, applied: false, reason: 'duplicate' } });
    expect((await viewerMembership(member)).viewerTierMembership).toMatchObject({ tier: 'PRO', status: 'ACTIVE' });

    const invoice = (type: string, id: string, created: number) => ({
      id,
      type,
      created,
      object: {
        id: `in_${id}`,
        object: 'invoice',
        customer: started.providerCustomerId,
        parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata } },
        lines: { data: [{ period: { start: now + 30 * 86400, end: now + 60 * 86400 } }] },
      },
    });
    // A failure that happened before the upgrade, delivered after it, changes nothing.
    expect((await sendEvent(invoice('invoice.payment_failed', `evt_old_fail_${subscriptionId}`, now - 60))).body).toMatchObject({
      applied: false,
      reason: 'stale',
    });
    expect((await sendEvent(invoice('invoice.payment_failed', `evt_fail_${subscriptionId}`, now + 10))).body).toMatchObject({
      applied: true,
    });
    expect((await viewerMembership(member)).viewerTierMembership).toMatchObject({ status: 'PAST_DUE', grantedTier: 'PRO' });
    expect((await sendEvent(invoice('invoice.paid', `evt_paid_${subscriptionId}`, now + 20))).body).toMatchObject({ applied: true });
    const paid = (await viewerMembership(member)).viewerTierMembership;
    expect(paid).toMatchObject({ status: 'ACTIVE', currentPeriodEnd: new Date((now + 60 * 86400) * 1000).toISOString() });

    const forged = await sendEvent({ ...upgraded, id: `evt_forged_${subscriptionId}`, created: now + 30 }, 't=1,v1=deadbeef');
    expect(forged.status).toBe(400);
    const deleted = { ...upgraded, id: `evt_del_${subscriptionId}`, type: 'customer.subscription.deleted', created: now + 40 };
    expect((await sendEvent(deleted)).body).toMatchObject({ applied: true });
    expect(await viewerMembership(member)).toMatchObject({
      viewerTierMembership: { status: 'CANCELLED', grantedTier: 'FREE' },
      me: { membershipTier: 'FREE' },
    });
    expect((await membershipEvents(member)).map((event) => event.payload.reason)).toEqual([
      'SUBSCRIBED',
      'TIER_CHANGED',
      'RENEWAL_FAILED',
      'RENEWED',
      'CANCELLED',
    ]);
  });

  it('changes the tier and schedules the end at Stripe', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    expectData(await member.request(SUBSCRIBE, { input: { tier: 'BASIC', provider: 'STRIPE' } }));
    expect(expectData(await member.request(CHANGE_TIER, { tier: 'ENTERPRISE' })).changeMembershipTier).toMatchObject({
      tier: 'ENTERPRISE',
      provider: 'STRIPE',
    });
    expect(expectData(await member.request(CANCEL)).cancelMembership).toMatchObject({ tier: 'ENTERPRISE', cancelAtPeriodEnd: true });
  });
});

describe('comped memberships and the admin list', () => {
  it('lets admins set a tier by hand, which provider events then leave alone; members may not', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const other = await stack.addMember(owner, 'MEMBER');
    expectData(await member.request(SUBSCRIBE, { input: { tier: 'BASIC' } }));
    expectErrorCode(await other.request(SET_TIER, { userId: member.userId, tier: 'ENTERPRISE' }), 'FORBIDDEN');
    const comped = expectData(await owner.request(SET_TIER, { userId: member.userId, tier: 'ENTERPRISE' })).setMembershipTier;
    expect(comped).toMatchObject({ tier: 'ENTERPRISE', grantedTier: 'ENTERPRISE', status: 'ACTIVE', comped: true, currentPeriodEnd: null });
    expect(await simulate(owner, member.userId, 'PAYMENTS_EXHAUSTED')).toEqual({ applied: false, reason: 'comped' });
    expect(expectData(await owner.request(USER_TIER, { id: member.userId })).user?.membershipTier).toBe('ENTERPRISE');
    expect((await membershipEvents(member)).at(-1)?.payload).toMatchObject({ reason: 'COMPED', tier: 'ENTERPRISE', previousTier: 'BASIC' });

    const list = expectData(await owner.request(LIST, { tier: 'ENTERPRISE' })).tierMemberships;
    expect(list.edges.map((edge) => edge.node.user?.id)).toContain(member.userId);
    expect(list.edges.every((edge) => edge.node.tier === 'ENTERPRISE')).toBe(true);
    expectErrorCode(await member.request(LIST, {}), 'FORBIDDEN');
  });

  it('keeps organizations apart: no foreign members in lists, tiers, comps or simulated events', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    expectData(await member.request(SUBSCRIBE, { input: { tier: 'PRO' } }));
    const outsider = await stack.createOrganization();
    expect(expectErrorCode(await outsider.request(SET_TIER, { userId: member.userId, tier: 'PRO' }), 'NOT_FOUND').message).toBe(
      `User ${member.userId} was not found`,
    );
    const foreignList = expectData(await outsider.request(LIST, {})).tierMemberships;
    expect(foreignList.edges).toEqual([]);
    // Identity does not resolve another organization's users, so their tier is never asked for.
    expectErrorCode(await outsider.request(USER_TIER, { id: member.userId }), 'NOT_FOUND');
    expectErrorCode(await outsider.request(SIMULATE, { userId: member.userId, event: 'PAYMENTS_EXHAUSTED' }), 'NOT_FOUND');
    expect((await viewerMembership(member)).viewerTierMembership).toMatchObject({ status: 'ACTIVE', grantedTier: 'PRO' });
  });
});

describe('organization subscriptions', () => {
  it('are for admins and owners only, and follow the same provider events', async () => {
    const org = await stack.createOrganization();
    const admin = await stack.addMember(org, 'ADMIN');
    const member = await stack.addMember(org, 'MEMBER');
    expectErrorCode(await member.request(ORG_SUBSCRIPTION), 'FORBIDDEN');
    expectErrorCode(await member.request(SUBSCRIBE_ORG, { input: { tier: 'PRO', billingEmail: 'billing@example.test' } }), 'FORBIDDEN');
    expect(expectData(await org.request(ORG_SUBSCRIPTION)).organizationSubscription).toBeNull();
    expectErrorCode(await admin.request(SUBSCRIBE_ORG, { input: { tier: 'PRO', billingEmail: 'not an email' } }), 'BAD_USER_INPUT');

    const subscribed = expectData(await admin.request(SUBSCRIBE_ORG, { input: { tier: 'PRO', billingEmail: 'billing@example.test' } }));
    expect(subscribed.subscribeOrganization).toMatchObject({
      tier: 'PRO',
      status: 'ACTIVE',
      billingEmail: 'billing@example.test',
      provider: 'TEST',
    });
    expect(expectData(await org.request(CHANGE_PLAN, { tier: 'ENTERPRISE' })).changeOrganizationPlan).toMatchObject({ tier: 'ENTERPRISE' });
    await simulate(admin, null, 'PAYMENT_FAILED');
    expect(expectData(await org.request(ORG_SUBSCRIPTION)).organizationSubscription).toMatchObject({ status: 'PAST_DUE' });
    expect(expectData(await org.request(CANCEL_ORG)).cancelOrganizationSubscription).toMatchObject({ cancelAtPeriodEnd: true });
    await simulate(admin, null, 'RENEWAL');
    expect(expectData(await org.request(ORG_SUBSCRIPTION)).organizationSubscription).toMatchObject({ status: 'CANCELLED' });
    expectErrorCode(await member.request(CANCEL_ORG), 'FORBIDDEN');

    // Another organization sees none of it.
    expect(expectData(await owner.request(ORG_SUBSCRIPTION)).organizationSubscription).toBeNull();
    const events = await stack.recordedEvents('commerce', { organizationId: org.organizationId, type: 'commerce.subscription.changed' });
    expect(events.map((event) => (event as DomainEvent<'commerce.subscription.changed'>).payload.reason)).toEqual([
      'SUBSCRIBED',
      'TIER_CHANGED',
      'RENEWAL_FAILED',
      'CANCEL_SCHEDULED',
      'CANCELLED',
    ]);
  });
});
