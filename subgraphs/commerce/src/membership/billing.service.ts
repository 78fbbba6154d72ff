import type { Viewer } from '@plaza/auth';
import {
  DomainError,
  notFound,
  requireMember,
  requireRole,
  type ConnectionArgs,
  type DataAccess,
  type MemberDirectory,
  type TenantScope,
} from '@plaza/subgraph-kit';
import type Stripe from 'stripe';
import { v7 as uuidv7 } from 'uuid';
import type { MembershipTier, PaymentProvider as ProviderName } from '../generated/prisma/enums.ts';
import { billingEventOfStripe } from '../payment/stripe-subscriptions.ts';
import type {
  ProviderSubscription,
  SimulatedBillingEvent,
  SubscriptionProvider,
  TestSubscriptionProvider,
} from '../payment/subscription-provider.ts';
import type { CommerceRepositories } from '../repositories.ts';
import { beforeIdOf, newestFirst } from '../viewer.ts';
import { decide, grantedTier, type BillingChange, type BillingEvent } from './billing-rules.ts';
import type { MembershipRecord, OrganizationSubscriptionRecord, PlanState } from './billing.repository.ts';

/** What applying one provider event did. */
export interface BillingEventOutcome {
  applied: boolean;
  reason: string;
}

type Owner = BillingEvent['owner'];
type Plan = (MembershipRecord | OrganizationSubscriptionRecord) & PlanState;

/** Statuses in which a provider subscription is still running (a new one would bill twice). */
const RUNNING = new Set(['ACTIVE', 'TRIALING', 'PAST_DUE']);

/**
 * Memberships (a member's tier) and the organization's subscription (its plan). Every change that
 * comes from a provider — Stripe's webhooks, the answers to our own calls, the test provider's
 * simulated period ends — is a BillingEvent applied by `applyEvent`: at most once per event id,
 * never older over newer (billing-rules.ts), and recorded as a domain event in the same
 * transaction. Admins may also set a member's tier by hand (comped), which provider events then
 * leave alone.
 */
export class BillingService {
  constructor(
    private readonly deps: {
      data: DataAccess<CommerceRepositories>;
      members: Pick<MemberDirectory, 'requireActive'>;
      providers: Partial<Record<ProviderName, SubscriptionProvider>>;
      /** The test provider, when offered: simulateBillingEvent drives it. */
      testProvider?: TestSubscriptionProvider;
      now?: () => Date;
    },
  ) {}

  private provider(name: ProviderName): SubscriptionProvider {
    const provider = this.deps.providers[name];
    if (!provider) throw new DomainError('BAD_USER_INPUT', `Payment provider ${name} is not configured here`, { field: 'provider' });
    return provider;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  // Memberships

  viewerMembership(viewer: Viewer): Promise<MembershipRecord | null> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data
      .repositories(viewer)
      .billing.findMembershipsByUserIds(organizationId, [userId])
      .then(([membership]) => membership ?? null);
  }

  /** Admins: the organization's memberships, newest first, optionally of one tier. */
  async listMemberships(viewer: Viewer, filter: { tier?: MembershipTier | null }, args: ConnectionArgs) {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const rows = await this.deps.data
      .repositories(viewer)
      .billing.listMemberships(organizationId, filter, { beforeId: beforeIdOf(args), take: args.first + 1 });
    return newestFirst(rows, args);
  }

  /** The tier each user's membership grants now (FREE without one), for users of the viewer's organization. */
  async grantedTiers(viewer: Viewer, userIds: readonly string[]): Promise<{ userId: string; tier: MembershipTier }[]> {
    if (!viewer.organizationId || !viewer.userId) return [];
    const memberships = await this.deps.data.repositories(viewer).billing.findMembershipsByUserIds(viewer.organizationId, userIds);
    const byUser = new Map(memberships.map((membership) => [membership.userId, membership]));
    return userIds.map((userId) => ({ userId, tier: grantedTier(byUser.get(userId) ?? null) }));
  }

  /** Subscribes the viewer to a paid tier through a provider. CONFLICT while a subscription is running. */
  async subscribe(
    viewer: Viewer,
    input: { tier: MembershipTier; provider: ProviderName; paymentMethod: string | null },
  ): Promise<MembershipRecord> {
    const member = requireMember(viewer);
    const owner = { organizationId: member.organizationId, userId: member.userId };
    await this.startSubscription(viewer, owner, await this.viewerMembership(viewer), { ...input, email: null });
    return (await this.viewerMembership(viewer))!;
  }

  /** Moves the viewer's running subscription to another paid tier. */
  async changeTier(viewer: Viewer, tier: MembershipTier): Promise<MembershipRecord> {
    const member = requireMember(viewer);
    const membership = await this.viewerMembership(viewer);
    await this.updateSubscription(viewer, { organizationId: member.organizationId, userId: member.userId }, membership, { tier });
    return (await this.viewerMembership(viewer))!;
  }

  /** Ends the viewer's subscription at the end of the period they paid for; the tier stays until then. */
  async cancel(viewer: Viewer): Promise<MembershipRecord> {
    const member = requireMember(viewer);
    const membership = await this.viewerMembership(viewer);
    await this.updateSubscription(viewer, { organizationId: member.organizationId, userId: member.userId }, membership, {
      cancelAtPeriodEnd: true,
    });
    return (await this.viewerMembership(viewer))!;
  }

  /**
   * Admins set a member's tier by hand (comped): ACTIVE without a period, and provider events no
   * longer change it. A running provider subscription is not cancelled at the provider.
   */
  async setTier(viewer: Viewer, userId: string, tier: MembershipTier): Promise<MembershipRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    await this.deps.members.requireActive(viewer, [userId]);
    return this.deps.data.transaction(viewer, async (repositories) => {
      const current = await repositories.billing.lockMembership(admin.organizationId, userId);
      const comp = {
        tier,
        status: 'ACTIVE' as const,
        comped: true,
        currentPeriodStart: this.now(),
        currentPeriodEnd: null,
        cancelAtPeriodEnd: false,
      };
      const updated = current
        ? await repositories.billing.updateMembership(current.id, comp)
        : await repositories.billing.createMembership({
            organizationId: admin.organizationId,
            userId,
            ...comp,
            provider: null,
            providerCustomerId: null,
            providerSubscriptionId: null,
            providerVersion: '',
          });
      await this.recordMembershipChange(repositories, updated, current, 'COMPED', admin.userId);
      return updated;
    });
  }

  // The organization's subscription

  organizationSubscription(viewer: Viewer): Promise<OrganizationSubscriptionRecord | null> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.repositories(viewer).billing.findOrganizationSubscription(organizationId);
  }

  async subscribeOrganization(
    viewer: Viewer,
    input: { tier: MembershipTier; billingEmail: string; provider: ProviderName; paymentMethod: string | null },
  ): Promise<OrganizationSubscriptionRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    const owner = { organizationId: admin.organizationId, userId: null };
    const current = await this.organizationSubscription(viewer);
    await this.startSubscription(viewer, owner, current, { ...input, email: input.billingEmail }, input.billingEmail);
    return (await this.organizationSubscription(viewer))!;
  }

  async changeOrganizationPlan(
    viewer: Viewer,
    change: { tier?: MembershipTier; cancelAtPeriodEnd?: boolean },
  ): Promise<OrganizationSubscriptionRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    const current = await this.organizationSubscription(viewer);
    await this.updateSubscription(viewer, { organizationId: admin.organizationId, userId: null }, current, change);
    return (await this.organizationSubscription(viewer))!;
  }

  // Provider events

  /**
   * Test provider only (admins): what a period's end brings to a member's membership (userId) or
   * to the organization's subscription (userId null), applied exactly as a Stripe webhook is.
   */
  async simulate(viewer: Viewer, userId: string | null, what: SimulatedBillingEvent): Promise<BillingEventOutcome> {
    const admin = requireRole(viewer, 'ADMIN');
    const test = this.deps.testProvider;
    if (!test) throw new DomainError('BAD_USER_INPUT', 'The TEST payment provider is not offered here (PLAZA_TEST_PAYMENTS)');
    const plan = userId
      ? (await this.deps.data.repositories(viewer).billing.findMembershipsByUserIds(admin.organizationId, [userId]))[0]
      : await this.organizationSubscription(viewer);
    if (!plan) throw notFound(userId ? 'Membership' : 'OrganizationSubscription', userId ?? admin.organizationId);
    if (plan.provider !== 'TEST' || !plan.providerSubscriptionId)
      throw new DomainError(
        'CONFLICT',
        `This subscription is billed by ${plan.provider ?? 'nobody (comped or free)'}, not the TEST provider`,
        {
          provider: plan.provider,
        },
      );
    return this.applyEvent(
      test.simulate(
        { ...plan, providerSubscriptionId: plan.providerSubscriptionId },
        { organizationId: admin.organizationId, userId },
        what,
      ),
    );
  }

  /** Applies Stripe's subscription and invoice events (already verified); null for events this does not handle. */
  async handleStripeEvent(event: Stripe.Event): Promise<BillingEventOutcome | null> {
    if (!event.type.startsWith('customer.subscription.') && !event.type.startsWith('invoice.')) return null;
    const billing = billingEventOfStripe(event);
    if (!billing) return { applied: false, reason: `${event.type} is not handled or names no Plaza subscription` };
    return this.applyEvent(billing);
  }

  /** The one way provider facts change a plan: once per event id, never older over newer, with its domain event. */
  async applyEvent(event: BillingEvent, actorId: string | null = null): Promise<BillingEventOutcome> {
    const scope: TenantScope = { organizationId: event.owner.organizationId, userId: null };
    return this.deps.data.transaction(scope, async (repositories) => {
      const processed = await repositories.payments.markProcessed({
        provider: event.provider,
        eventId: event.eventId,
        organizationId: event.owner.organizationId,
        type: event.kind,
      });
      if (!processed) return { applied: false, reason: 'duplicate' };
      const { organizationId, userId } = event.owner;
      const current: Plan | null = userId
        ? await repositories.billing.lockMembership(organizationId, userId)
        : await repositories.billing.lockOrganizationSubscription(organizationId);
      if (!current && !userId) return { applied: false, reason: 'no organization subscription' };
      const decision = decide(current, event);
      if (!decision.apply) return { applied: false, reason: decision.reason };
      if (userId) {
        const membership = current
          ? await repositories.billing.updateMembership(current.id, decision.state)
          : await repositories.billing.createMembership({ organizationId, userId, ...decision.state });
        await this.recordMembershipChange(repositories, membership, current, decision.change, actorId);
      } else {
        const subscription = await repositories.billing.updateOrganizationSubscription(current!.id, decision.state);
        await repositories.events.record({
          type: 'commerce.subscription.changed',
          organizationId,
          actorId,
          subject: { type: 'OrganizationSubscription', id: subscription.id },
          payload: {
            subscriptionId: subscription.id,
            plan: subscription.tier,
            status: subscription.status,
            revision: subscription.revision,
            reason: decision.change,
            currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
          },
        });
      }
      return { applied: true, reason: 'applied' };
    });
  }

  private async recordMembershipChange(
    repositories: CommerceRepositories,
    membership: MembershipRecord,
    before: Plan | null,
    reason: BillingChange,
    actorId: string | null,
  ) {
    await repositories.events.record({
      type: 'commerce.membership.changed',
      organizationId: membership.organizationId,
      actorId,
      subject: { type: 'Membership', id: membership.id },
      payload: {
        membershipId: membership.id,
        userId: membership.userId,
        tier: grantedTier(membership),
        plan: membership.tier,
        previousTier: before ? grantedTier(before) : null,
        status: membership.status,
        revision: membership.revision,
        reason,
        currentPeriodEnd: membership.currentPeriodEnd?.toISOString() ?? null,
      },
    });
  }

  private async startSubscription(
    viewer: Viewer,
    owner: Owner,
    current: Plan | null,
    input: { tier: MembershipTier; provider: ProviderName; paymentMethod: string | null; email: string | null },
    billingEmail?: string,
  ): Promise<void> {
    if (input.tier === 'FREE')
      throw new DomainError('BAD_USER_INPUT', 'FREE needs no subscription: cancel the paid one instead', { field: 'tier' });
    if (current && RUNNING.has(current.status) && (current.providerSubscriptionId || current.comped))
      throw new DomainError(
        'CONFLICT',
        `There is a ${current.status} ${current.tier} subscription already${current.comped ? ' (comped)' : ''}: change its tier instead`,
        { status: current.status, tier: current.tier },
      );
    const provider = this.provider(input.provider);
    const answer = await provider.subscribe({ ...owner, ...input }).catch(providerRefused(provider.name));
    if (!owner.userId && billingEmail) {
      // The organization's row carries its billing email: made (or updated) before the provider's answer is applied.
      await this.deps.data.transaction(viewer, async ({ billing }) => {
        const existing = await billing.lockOrganizationSubscription(owner.organizationId);
        if (existing) await billing.updateOrganizationSubscription(existing.id, { billingEmail });
        else
          await billing.createOrganizationSubscription({
            organizationId: owner.organizationId,
            billingEmail,
            tier: input.tier,
            status: 'UNPAID',
            currentPeriodStart: null,
            currentPeriodEnd: null,
            cancelAtPeriodEnd: false,
            provider: provider.name,
            providerCustomerId: null,
            providerSubscriptionId: null,
            comped: false,
            providerVersion: '',
          });
      });
    }
    await this.applyAnswer(provider, owner, 'SUBSCRIPTION_CREATED', answer, input.tier, viewer.userId);
  }

  private async updateSubscription(
    viewer: Viewer,
    owner: Owner,
    current: Plan | null,
    change: { tier?: MembershipTier; cancelAtPeriodEnd?: boolean },
  ): Promise<void> {
    if (!current || !current.provider || !current.providerSubscriptionId || !RUNNING.has(current.status))
      throw new DomainError(
        'CONFLICT',
        `There is no running subscription to change${current ? ` (it is ${current.status}${current.comped ? ', comped' : ''})` : ''}`,
        {
          status: current?.status ?? null,
        },
      );
    if (change.tier === 'FREE') throw new DomainError('BAD_USER_INPUT', 'To go down to FREE, cancel the subscription', { field: 'tier' });
    const provider = this.provider(current.provider);
    const answer = await provider.update(current.providerSubscriptionId, owner, change).catch(providerRefused(provider.name));
    await this.applyAnswer(
      provider,
      owner,
      'SUBSCRIPTION_UPDATED',
      {
        ...answer,
        customerId: answer.customerId ?? current.providerCustomerId,
        status: answer.status,
        periodStart: answer.periodStart ?? current.currentPeriodStart,
        periodEnd: answer.periodEnd ?? current.currentPeriodEnd,
        cancelAtPeriodEnd: change.cancelAtPeriodEnd ?? answer.cancelAtPeriodEnd,
      },
      change.tier ?? current.tier,
      viewer.userId,
    );
  }

  /** A provider's answer to our own call, applied as the event it amounts to (ours: a fresh id, now). */
  private async applyAnswer(
    provider: SubscriptionProvider,
    owner: Owner,
    kind: 'SUBSCRIPTION_CREATED' | 'SUBSCRIPTION_UPDATED',
    answer: ProviderSubscription,
    tier: MembershipTier,
    actorId: string | null,
  ): Promise<void> {
    await this.applyEvent(
      {
        provider: provider.name,
        eventId: `plaza_${uuidv7()}`,
        occurredAt: this.now(),
        kind,
        owner,
        subscription: { ...answer, tier },
      },
      actorId,
    );
  }
}

function providerRefused(provider: ProviderName) {
  return (error: unknown): never => {
    throw new DomainError('CONFLICT', `${provider} refused: ${error instanceof Error ? error.message : String(error)}`, { provider });
  };
}
