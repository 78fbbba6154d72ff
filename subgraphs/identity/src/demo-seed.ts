import { DEMO_PASSWORD, demoMembers, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import { hashPassword } from './auth/password.ts';
import type { PrismaClient } from './db.ts';

/** Upserts the demo tenants and users by fixed id: idempotent across restarts. */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  if (await prisma.user.findUnique({ where: { id: demoUsers.owner.id }, select: { id: true } })) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction(async (tx) => {
    for (const org of [demoOrganization, otherOrganization]) {
      await tx.organization.upsert({
        where: { id: org.id },
        create: { id: org.id, name: org.name, slug: org.slug, plan: 'PRO', settings: { timezone: 'Europe/London' } },
        update: {},
      });
    }
    for (const user of Object.values(demoUsers)) {
      await tx.user.upsert({
        where: { id: user.id },
        create: { id: user.id, email: user.email, name: user.name, passwordHash, bio: `${user.name} (demo account)` },
        update: {},
      });
    }
    const memberships = [
      ...demoMembers.map((user) => ({ organizationId: demoOrganization.id, userId: user.id, role: user.role })),
      { organizationId: otherOrganization.id, userId: demoUsers.otherOwner.id, role: 'OWNER' as const },
    ];
    for (const membership of memberships) {
      await tx.membership.upsert({
        where: { organizationId_userId: { organizationId: membership.organizationId, userId: membership.userId } },
        create: membership,
        update: {},
      });
    }
  });
}
