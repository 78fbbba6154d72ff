import { demoId, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from './db.ts';
import type { ContactStage } from './generated/prisma/enums.ts';

const CONTACT = 4;

const contacts: {
  n: number;
  organizationId: string;
  email: string;
  name: string;
  phone?: string;
  stage: ContactStage;
  ownerId: string;
  userId?: string;
}[] = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    email: 'maya.patel@example.test',
    name: 'Maya Patel',
    phone: '+44 20 7946 0001',
    stage: 'LEAD',
    ownerId: demoUsers.moderator.id,
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    email: 'tom.becker@example.test',
    name: 'Tom Becker',
    stage: 'LEAD',
    ownerId: demoUsers.member.id,
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    email: 'lena.okafor@example.test',
    name: 'Lena Okafor',
    phone: '+44 20 7946 0003',
    stage: 'PROSPECT',
    ownerId: demoUsers.admin.id,
  },
  {
    n: 4,
    organizationId: demoOrganization.id,
    email: 'sam.rivera@example.test',
    name: 'Sam Rivera',
    stage: 'CUSTOMER',
    ownerId: demoUsers.owner.id,
  },
  // The demo member is also a paying customer: the contact links to their identity user.
  {
    n: 5,
    organizationId: demoOrganization.id,
    email: demoUsers.member.email,
    name: demoUsers.member.name,
    stage: 'CUSTOMER',
    ownerId: demoUsers.admin.id,
    userId: demoUsers.member.id,
  },
  {
    n: 6,
    organizationId: demoOrganization.id,
    email: 'jonas.berg@example.test',
    name: 'Jonas Berg',
    stage: 'CHURNED',
    ownerId: demoUsers.moderator.id,
  },
  {
    n: 7,
    organizationId: otherOrganization.id,
    email: 'rock.climber@example.test',
    name: 'Robin Climber',
    stage: 'PROSPECT',
    ownerId: demoUsers.otherOwner.id,
  },
];

/** Upserts the demo contacts by fixed id: idempotent across restarts. */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const { n, ...contact } of contacts) {
      const data = { ...contact, phone: contact.phone ?? null, userId: contact.userId ?? null };
      await tx.contact.upsert({ where: { id: demoId(CONTACT, n) }, create: { id: demoId(CONTACT, n), ...data }, update: {} });
    }
  });
}
