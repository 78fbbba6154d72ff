import { demoId, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from './db.ts';
import type { NotificationPriority } from './generated/prisma/enums.ts';

const KIND = 7;
const COMMUNITY = 2;
const LEARNING = 6;
const HOUR = 60 * 60 * 1000;

const notifications: {
  n: number;
  organizationId: string;
  recipientId: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, string>;
  priority: NotificationPriority;
  actorId?: string;
  subject?: { type: string; id: string };
  hoursAgo: number;
  read: boolean;
}[] = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    recipientId: demoUsers.owner.id,
    type: 'membership.joined',
    title: 'Katherine Johnson joined Sunrise Yoga Collective',
    body: 'Say hello and help them find their first class.',
    data: { userId: demoUsers.member.id },
    priority: 'LOW',
    actorId: demoUsers.member.id,
    subject: { type: 'Organization', id: demoOrganization.id },
    hoursAgo: 72,
    read: true,
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    recipientId: demoUsers.owner.id,
    type: 'course.published',
    title: 'Foundations of Vinyasa is live',
    body: 'Grace Hopper published the course; members can enrol now.',
    data: { courseId: demoId(LEARNING, 1) },
    priority: 'NORMAL',
    actorId: demoUsers.admin.id,
    subject: { type: 'Course', id: demoId(LEARNING, 1) },
    hoursAgo: 48,
    read: true,
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    recipientId: demoUsers.owner.id,
    type: 'post.commented',
    title: 'Alan Turing commented on your post',
    body: '"Could we add an evening session on Thursdays?"',
    data: { commenterId: demoUsers.moderator.id, postId: demoId(COMMUNITY, 101) },
    priority: 'NORMAL',
    actorId: demoUsers.moderator.id,
    subject: { type: 'Post', id: demoId(COMMUNITY, 101) },
    hoursAgo: 5,
    read: false,
  },
  {
    n: 4,
    organizationId: demoOrganization.id,
    recipientId: demoUsers.owner.id,
    type: 'billing.payment_failed',
    title: 'A member payment failed',
    body: 'The card on file was declined; the member has been asked to update it.',
    data: { userId: demoUsers.member.id },
    priority: 'HIGH',
    hoursAgo: 1,
    read: false,
  },
  {
    n: 5,
    organizationId: otherOrganization.id,
    recipientId: demoUsers.otherOwner.id,
    type: 'membership.joined',
    title: 'Welcome to Harbour Climbing Club',
    body: 'Your organization is ready.',
    data: {},
    priority: 'NORMAL',
    hoursAgo: 24,
    read: false,
  },
];

/** The demo organization words comment notifications its own way; Ada also wants them by email. */
const template = {
  type: 'post.commented',
  title: 'New comment on your post',
  body: 'A member of Sunrise Yoga Collective commented on your post. Open Plaza to read it and reply.',
};
const ownerPreferences = [{ type: 'post.commented', channel: 'EMAIL', enabled: true }] as const;
const organizationDefaults = [{ type: 'reaction.added', channel: 'IN_APP', enabled: false }] as const;

/**
 * Upserts the demo notifications, settings and template by fixed id or unique key: idempotent
 * across restarts. The template is seeded last, so its presence means everything is there.
 */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  const organizationId = demoOrganization.id;
  const seeded = await prisma.notificationTemplate.findUnique({
    where: { organizationId_type: { organizationId, type: template.type } },
    select: { id: true },
  });
  if (seeded) return;
  const now = Date.now();
  await prisma.$transaction(async (tx) => {
    for (const { n, hoursAgo, read, actorId, subject, ...notification } of notifications) {
      const id = demoId(KIND, n);
      const createdAt = new Date(now - hoursAgo * HOUR);
      const links = { actorId: actorId ?? null, subjectType: subject?.type ?? null, subjectId: subject?.id ?? null };
      await tx.notification.upsert({
        where: { id },
        create: { id, ...notification, ...links, createdAt, readAt: read ? new Date(createdAt.getTime() + HOUR / 2) : null },
        update: links,
      });
    }
    for (const { type, channel, enabled } of ownerPreferences) {
      await tx.notificationPreference.upsert({
        where: { organizationId_userId_type_channel: { organizationId, userId: demoUsers.owner.id, type, channel } },
        create: { organizationId, userId: demoUsers.owner.id, type, channel, enabled },
        update: {},
      });
    }
    for (const { type, channel, enabled } of organizationDefaults) {
      await tx.notificationDefault.upsert({
        where: { organizationId_type_channel: { organizationId, type, channel } },
        create: { organizationId, type, channel, enabled, updatedById: demoUsers.owner.id },
        update: {},
      });
    }
    await tx.notificationTemplate.upsert({
      where: { organizationId_type: { organizationId, type: template.type } },
      create: { organizationId, ...template, updatedById: demoUsers.admin.id },
      update: {},
    });
  });
}
