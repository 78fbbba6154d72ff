import { recordEvent } from '@plaza/events';
import { demoId, demoOrganization, demoUsers } from '@plaza/demo';
import type { PrismaClient } from '../db.ts';
import type { MembershipTier } from '../generated/prisma/enums.ts';
import { grantedTier } from './billing-rules.ts';

const COMMERCE = 3;
/** Fixed ids: memberships 500–599, the organization's subscription 600. */
const membershipId = (n: number) => demoId(COMMERCE, 500 + n);
const DAY = 24 * 60 * 60 * 1000;

/** Memberships on three tiers: a PRO member billed by the test provider, a BASIC moderator, an ENTERPRISE admin (comped). */
const memberships: { n: number; userId: string; tier: MembershipTier; comped: boolean }[] = [
  { n: 1, userId: demoUsers.member.id, tier: 'PRO', comped: false },
  { n: 2, userId: demoUsers.moderator.id, tier: 'BASIC', comped: false },
  { n: 3, userId: demoUsers.admin.id, tier: 'ENTERPRISE', comped: true },
];

/**
 * Upserts the demo memberships and the organization's PRO plan, with each membership's changed
 * event (community's member directory learns the tiers from them, as in production). Idempotent:
 * nothing happens once the last membership exists.
 */
export async function seedDemoMemberships(prisma: PrismaClient): Promise<void> {
  if (await prisma.membership.findUnique({ where: { id: membershipId(memberships.at(-1)!.n) }, select: { id: true } })) return;
  const start = new Date(Date.now() - 10 * DAY);
  const end = new Date(start.getTime() + 30 * DAY);
  await prisma.$transaction(async (tx) => {
    for (const { n, userId, tier, comped } of memberships) {
      const billing = comped
        ? { provider: null, providerCustomerId: null, providerSubscriptionId: null, currentPeriodStart: start, currentPeriodEnd: null }
        : {
            provider: 'TEST' as const,
            providerCustomerId: `test_cus_${userId}`,
            providerSubscriptionId: `test_sub_demo_${n}`,
            currentPeriodStart: start,
            currentPeriodEnd: end,
          };
      const membership = await tx.membership.create({
        data: { id: membershipId(n), organizationId: demoOrganization.id, userId, tier, status: 'ACTIVE', comped, revision: 1, ...billing },
      });
      await recordEvent(tx, {
        type: 'commerce.membership.changed',
        organizationId: demoOrganization.id,
        actorId: null,
        subject: { type: 'Membership', id: membership.id },
        payload: {
          membershipId: membership.id,
          userId,
          tier: grantedTier(membership),
          plan: tier,
          previousTier: null,
          status: 'ACTIVE',
          revision: 1,
          reason: comped ? 'COMPED' : 'SUBSCRIBED',
          currentPeriodEnd: membership.currentPeriodEnd?.toISOString() ?? null,
        },
      });
    }
    await tx.organizationSubscription.upsert({
      where: { organizationId: demoOrganization.id },
      create: {
        id: membershipId(100),
        organizationId: demoOrganization.id,
        tier: 'PRO',
        status: 'ACTIVE',
        currentPeriodStart: start,
        currentPeriodEnd: end,
        provider: 'TEST',
        providerCustomerId: `test_cus_org_${demoOrganization.id}`,
        providerSubscriptionId: 'test_sub_demo_organization',
        billingEmail: demoUsers.owner.email,
        revision: 1,
      },
      update: {},
    });
  });
}
