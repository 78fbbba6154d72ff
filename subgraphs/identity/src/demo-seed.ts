import { DEMO_PASSWORD, demoMembers, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import { hashPassword } from './auth/password.ts';
import { OutboxRepository } from '@plaza/events';
import type { Db, PrismaClient } from './db.ts';
import { recordMemberJoined } from './membership/membership-events.ts';

const memberships = [
  ...demoMembers.map((user) => ({ organizationId: demoOrganization.id, user, role: user.role })),
  { organizationId: otherOrganization.id, user: demoUsers.otherOwner, role: 'OWNER' as const },
];

/** Whether the membership's joined event is in the outbox: other subgraphs build their member directories from it. */
async function joinedEventRecorded(db: Db, organizationId: string, userId: string): Promise<boolean> {
  const event = await db.outboxEvent.findFirst({
    where: { type: 'identity.member.joined', organizationId, subjectType: 'User', subjectId: userId },
    select: { id: true },
  });
  return event !== null;
}

/**
 * Upserts the demo tenants, users and memberships by fixed id, and records each membership's
 * joined event once: idempotent across restarts. The last membership's event is written last, so
 * its presence means everything is there (data seeded before the events existed gets them now).
 */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  const last = memberships.at(-1)!;
  if (await joinedEventRecorded(prisma, last.organizationId, last.user.id)) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction(async (tx) => {
    for (const org of [demoOrganization, otherOrganization]) {
      await tx.organization.upsert({
        where: { id: org.id },
        create: { id: org.id, name: org.name, slug: org.slug, plan: 'PRO', settings: { timezone: 'Europe/London' } },
        update: {},
      });
    }
    // The stored rows, not the constants: a demo user may have changed their name since.
    const stored = new Map<string, { email: string; name: string }>();
    for (const user of Object.values(demoUsers)) {
      const row = await tx.user.upsert({
        where: { id: user.id },
        create: { id: user.id, email: user.email, name: user.name, passwordHash, bio: `${user.name} (demo account)` },
        update: {},
        select: { email: true, name: true },
      });
      stored.set(user.id, row);
    }
    for (const { organizationId, user, role } of memberships) {
      const membership = await tx.membership.upsert({
        where: { organizationId_userId: { organizationId, userId: user.id } },
        create: { organizationId, userId: user.id, role },
        update: {},
        select: { organizationId: true, userId: true, role: true },
      });
      if (!(await joinedEventRecorded(tx, organizationId, user.id)))
        await recordMemberJoined(new OutboxRepository(tx), membership, stored.get(user.id)!, null);
    }
  });
}
