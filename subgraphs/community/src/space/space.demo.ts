import { demoId, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from '../db.ts';
import type { GroupJoinPolicy, GroupRole, MembershipTier, SpacePostingPolicy, SpaceVisibility } from '../generated/prisma/enums.ts';

// Engineer A's demo rows: spaces keep their original numbers 1–4 (posts point at them); the rest uses 200–299.
const COMMUNITY = 2;
const id = (n: number) => demoId(COMMUNITY, n);
const at = (day: number, hour: number) => new Date(Date.UTC(2025, 0, day, hour));
const demo = demoOrganization.id;
const { owner, admin, moderator, member } = demoUsers;

const demoSpaces: {
  n: number;
  organizationId: string;
  name: string;
  description: string;
  icon: string;
  visibility: SpaceVisibility;
  postingPolicy: SpacePostingPolicy;
  requiredTier: MembershipTier | null;
  position: number;
}[] = [
  {
    n: 1,
    organizationId: demo,
    name: 'Announcements',
    description: 'Studio news, schedule changes and events.',
    icon: '📣',
    visibility: 'PUBLIC',
    postingPolicy: 'MODERATORS',
    requiredTier: null,
    position: 0,
  },
  {
    n: 2,
    organizationId: demo,
    name: 'Practice Circle',
    description: 'Share your home practice, ask about poses, cheer each other on.',
    icon: '🧘',
    visibility: 'PRIVATE',
    postingPolicy: 'EVERYONE',
    // Gated: the PRO member reads and posts here, the BASIC moderator gets FORBIDDEN naming PRO.
    requiredTier: 'PRO',
    position: 1,
  },
  {
    n: 3,
    organizationId: demo,
    name: "Teachers' Room",
    description: 'Planning and cover requests for the teaching team.',
    icon: '🗝️',
    visibility: 'SECRET',
    postingPolicy: 'EVERYONE',
    requiredTier: null,
    position: 2,
  },
  {
    n: 4,
    organizationId: otherOrganization.id,
    name: 'Route Setting',
    description: 'New problems on the wall this week.',
    icon: '🧗',
    visibility: 'PUBLIC',
    postingPolicy: 'EVERYONE',
    requiredTier: null,
    position: 0,
  },
];

// lastVisitedAt set for some, so unread counts show in the demo.
const spaceMembers: { n: number; space: number; userId: string; lastVisitedAt: Date | null }[] = [
  { n: 200, space: 1, userId: owner.id, lastVisitedAt: at(20, 13) },
  { n: 201, space: 1, userId: member.id, lastVisitedAt: at(8, 9) },
  { n: 202, space: 2, userId: member.id, lastVisitedAt: at(10, 9) },
  { n: 203, space: 2, userId: moderator.id, lastVisitedAt: null },
  { n: 204, space: 3, userId: admin.id, lastVisitedAt: at(12, 10) },
  { n: 205, space: 3, userId: moderator.id, lastVisitedAt: null },
  { n: 206, space: 4, userId: demoUsers.otherOwner.id, lastVisitedAt: null },
];

const groups: { n: number; name: string; description: string; avatarUrl: string | null; ownerId: string; joinPolicy: GroupJoinPolicy }[] = [
  {
    n: 220,
    name: 'Morning Runners',
    description: 'Easy 5k before the 7:00 class, every Tuesday and Thursday.',
    avatarUrl: null,
    ownerId: member.id,
    joinPolicy: 'OPEN',
  },
  {
    n: 221,
    name: 'Teacher Training 2025',
    description: 'The 200-hour cohort: readings, practicum slots and questions.',
    avatarUrl: null,
    ownerId: admin.id,
    joinPolicy: 'INVITE_ONLY',
  },
];

const groupMembers: { n: number; group: number; userId: string; role: GroupRole }[] = [
  { n: 230, group: 220, userId: member.id, role: 'OWNER' },
  { n: 231, group: 220, userId: moderator.id, role: 'MODERATOR' },
  { n: 232, group: 220, userId: owner.id, role: 'MEMBER' },
  { n: 233, group: 221, userId: admin.id, role: 'OWNER' },
  { n: 234, group: 221, userId: moderator.id, role: 'ADMIN' },
  { n: 235, group: 221, userId: member.id, role: 'MEMBER' },
];

const announcements: { n: number; title: string; body: string; pinned: boolean; expiresAt: Date | null; createdAt: Date }[] = [
  {
    n: 250,
    title: 'Welcome to the new community space',
    body: 'Spaces, groups and chat now live in one place. Say hello in **Practice Circle**!',
    pinned: true,
    expiresAt: null,
    createdAt: at(5, 9),
  },
  {
    n: 251,
    title: 'Studio closed on Monday the 20th',
    body: 'Maintenance on the heating. Online classes run as usual.',
    pinned: false,
    expiresAt: new Date(Date.UTC(2030, 0, 21)),
    createdAt: at(15, 8),
  },
  { n: 252, title: 'Holiday timetable', body: 'The holiday timetable has ended.', pinned: false, expiresAt: at(7, 0), createdAt: at(2, 8) },
];

/** Spaces (with members), groups (roles, an invite code), announcements and settings: upserts by fixed id. */
export async function seedSpaceDemo(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const { n, ...space } of demoSpaces) {
      await tx.space.upsert({ where: { id: id(n) }, create: { id: id(n), ...space, createdAt: at(1, 9) }, update: {} });
    }
    for (const { n, space, userId, lastVisitedAt } of spaceMembers) {
      const organizationId = demoSpaces.find((s) => s.n === space)!.organizationId;
      await tx.spaceMember.upsert({
        where: { id: id(n) },
        create: { id: id(n), organizationId, spaceId: id(space), userId, joinedAt: at(3, 9), lastVisitedAt },
        update: {},
      });
    }
    for (const { n, ...group } of groups) {
      await tx.group.upsert({
        where: { id: id(n) },
        create: { id: id(n), organizationId: demo, ...group, createdAt: at(4, 9) },
        update: {},
      });
    }
    for (const { n, group, userId, role } of groupMembers) {
      await tx.groupMember.upsert({
        where: { id: id(n) },
        create: { id: id(n), organizationId: demo, groupId: id(group), userId, role, joinedAt: at(4, 10) },
        update: {},
      });
    }
    await tx.groupInvite.upsert({
      where: { id: id(240) },
      create: {
        id: id(240),
        organizationId: demo,
        groupId: id(221),
        code: 'TEACHERS25',
        createdById: admin.id,
        maxUses: 20,
        uses: 1,
        createdAt: at(4, 11),
      },
      update: {},
    });
    for (const { n, ...announcement } of announcements) {
      await tx.announcement.upsert({
        where: { id: id(n) },
        create: { id: id(n), organizationId: demo, authorId: owner.id, ...announcement, updatedAt: announcement.createdAt },
        update: {},
      });
    }
    await tx.communitySettings.upsert({
      where: { organizationId: demo },
      create: {
        organizationId: demo,
        name: 'Sunrise Yoga Community',
        logoUrl: 'https://sunrise-yoga.example/logo.svg',
        primaryColor: '#f59e0b',
        customDomain: 'community.sunrise-yoga.example',
        updatedById: owner.id,
      },
      update: {},
    });
  });
}
