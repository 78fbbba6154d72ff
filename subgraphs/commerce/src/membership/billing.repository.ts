import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const planSelect = {
  id: true,
  organizationId: true,
  tier: true,
  status: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  cancelAtPeriodEnd: true,
  provider: true,
  providerCustomerId: true,
  providerSubscriptionId: true,
  comped: true,
  providerVersion: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
} as const;

const membershipSelect = { ...planSelect, userId: true } satisfies Prisma.MembershipSelect;
const subscriptionSelect = { ...planSelect, billingEmail: true } satisfies Prisma.OrganizationSubscriptionSelect;

export type MembershipRecord = Prisma.MembershipGetPayload<{ select: typeof membershipSelect }>;
export type OrganizationSubscriptionRecord = Prisma.OrganizationSubscriptionGetPayload<{ select: typeof subscriptionSelect }>;

/** The billing state memberships and organization subscriptions share: what provider events change. */
export type PlanState = Pick<
  MembershipRecord,
  | 'tier'
  | 'status'
  | 'currentPeriodStart'
  | 'currentPeriodEnd'
  | 'cancelAtPeriodEnd'
  | 'provider'
  | 'providerCustomerId'
  | 'providerSubscriptionId'
  | 'comped'
  | 'providerVersion'
>;

/**
 * Memberships and the organization's subscription. Every change increments `revision` in the
 * same statement, under the row's lock, so revisions order the changes of one row.
 */
export class BillingRepository {
  constructor(private readonly db: Db) {}

  /** The member's membership, locked until the transaction ends (changes of one membership queue). */
  async lockMembership(organizationId: string, userId: string): Promise<MembershipRecord | null> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Membership" WHERE "organizationId" = ${organizationId} AND "userId" = ${userId} FOR UPDATE`;
    return rows[0] ? this.db.membership.findUnique({ where: { id: rows[0].id }, select: membershipSelect }) : null;
  }

  findMembershipsByUserIds(organizationId: string, userIds: readonly string[]): Promise<MembershipRecord[]> {
    return this.db.membership.findMany({ where: { organizationId, userId: { in: [...userIds] } }, select: membershipSelect });
  }

  /** Newest first, below `beforeId`. */
  listMemberships(
    organizationId: string,
    filter: { tier?: MembershipRecord['tier'] | null },
    page: { beforeId?: string; take: number },
  ): Promise<MembershipRecord[]> {
    return this.db.membership.findMany({
      where: { organizationId, ...(filter.tier ? { tier: filter.tier } : {}), ...(page.beforeId ? { id: { lt: page.beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
      select: membershipSelect,
    });
  }

  createMembership(data: { organizationId: string; userId: string } & PlanState): Promise<MembershipRecord> {
    return this.db.membership.create({ data: { ...data, revision: 1 }, select: membershipSelect });
  }

  updateMembership(id: string, data: Partial<PlanState>): Promise<MembershipRecord> {
    return this.db.membership.update({ where: { id }, data: { ...data, revision: { increment: 1 } }, select: membershipSelect });
  }

  async lockOrganizationSubscription(organizationId: string): Promise<OrganizationSubscriptionRecord | null> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "OrganizationSubscription" WHERE "organizationId" = ${organizationId} FOR UPDATE`;
    return rows[0] ? this.db.organizationSubscription.findUnique({ where: { id: rows[0].id }, select: subscriptionSelect }) : null;
  }

  findOrganizationSubscription(organizationId: string): Promise<OrganizationSubscriptionRecord | null> {
    return this.db.organizationSubscription.findUnique({ where: { organizationId }, select: subscriptionSelect });
  }

  createOrganizationSubscription(
    data: { organizationId: string; billingEmail: string } & PlanState,
  ): Promise<OrganizationSubscriptionRecord> {
    return this.db.organizationSubscription.create({ data: { ...data, revision: 1 }, select: subscriptionSelect });
  }

  updateOrganizationSubscription(
    id: string,
    data: Partial<PlanState> & { billingEmail?: string },
  ): Promise<OrganizationSubscriptionRecord> {
    return this.db.organizationSubscription.update({
      where: { id },
      data: { ...data, revision: { increment: 1 } },
      select: subscriptionSelect,
    });
  }
}
