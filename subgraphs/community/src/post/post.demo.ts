import { demoId, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from '../db.ts';
import { GamificationRepository } from '../gamification/gamification.repository.ts';
import { seedGamificationDefaults } from '../gamification/points.ts';
import type { ContentType, PointAction } from '../generated/prisma/enums.ts';
import { parseMentions } from '../mention/mentions.ts';

// Engineer B's demo rows: posts, comments, reactions, follows, mentions and points. Ids 300–699
// (posts 101–109 keep the ids they had before this range was agreed, so existing demo databases
// are not duplicated).
const COMMUNITY = 2;
const id = (n: number) => demoId(COMMUNITY, n);
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2025, 0, day, hour, minute));
const { owner, admin, moderator, member, otherOwner } = demoUsers;

interface DemoPost {
  n: number;
  organizationId: string;
  space?: number;
  group?: number;
  authorId: string;
  title: string;
  body: string;
  pinned?: boolean;
  createdAt: Date;
}

// Ids grow with createdAt, as uuid(7) ids of real posts do, so "newest first" holds for the demo too.
const posts: DemoPost[] = [
  {
    n: 101,
    organizationId: demoOrganization.id,
    space: 1,
    authorId: owner.id,
    title: 'Welcome to Sunrise Yoga',
    body: 'We are glad you are here.\n\n- Classes run **daily**\n- Bring water and a towel',
    pinned: true,
    createdAt: at(6, 8),
  },
  {
    n: 102,
    organizationId: demoOrganization.id,
    space: 2,
    authorId: member.id,
    title: 'Tight hamstrings in forward folds',
    body: 'Any tips? Bending my knees helps, but I feel it in my lower back.',
    createdAt: at(7, 18),
  },
  {
    n: 103,
    organizationId: demoOrganization.id,
    space: 2,
    authorId: moderator.id,
    title: 'Re: hamstrings',
    body: 'Try a strap and hinge from the hips. *Slow* is the point.',
    createdAt: at(7, 20),
  },
  {
    n: 104,
    organizationId: demoOrganization.id,
    space: 1,
    authorId: admin.id,
    title: 'New Saturday slow-flow class',
    body: 'Starting next week, 9:00–10:15 in Studio B. Book through the app.',
    createdAt: at(9, 10),
  },
  {
    n: 105,
    organizationId: demoOrganization.id,
    space: 3,
    authorId: admin.id,
    title: 'Cover needed on the 20th',
    body: 'I am away for the evening class. Who can take it?',
    createdAt: at(12, 9),
  },
  {
    n: 106,
    organizationId: demoOrganization.id,
    space: 2,
    authorId: member.id,
    title: 'Day 30 of my streak',
    body: `Thirty mornings in a row. Thank you all for the encouragement, especially <@${moderator.id}>!`,
    createdAt: at(14, 7),
  },
  {
    n: 107,
    organizationId: demoOrganization.id,
    space: 1,
    authorId: owner.id,
    title: 'Spring retreat: early-bird pricing',
    body: 'Three days in the hills, all levels welcome. Early-bird ends **March 1**.',
    createdAt: at(20, 12),
  },
  {
    n: 108,
    organizationId: demoOrganization.id,
    space: 2,
    authorId: moderator.id,
    title: 'Breathing practice for busy days',
    body: '1. Inhale for 4\n2. Hold for 4\n3. Exhale for 6\n\nRepeat five times.',
    createdAt: at(22, 17),
  },
  {
    n: 109,
    organizationId: otherOrganization.id,
    space: 4,
    authorId: otherOwner.id,
    title: 'Blue circuit reset',
    body: 'Twelve new problems on the slab. Have fun!',
    createdAt: at(10, 16),
  },
  {
    n: 300,
    organizationId: demoOrganization.id,
    group: 220,
    authorId: member.id,
    title: 'Thursday route: river loop',
    body: 'Meet at the studio door at 6:15. Easy pace, 5 km, back in time to stretch.',
    pinned: true,
    createdAt: at(23, 7),
  },
  {
    n: 301,
    organizationId: demoOrganization.id,
    group: 220,
    authorId: moderator.id,
    title: 'New shoes, who dis',
    body: `Finally replaced my old pair. <@${member.id}> thanks for the shop tip!`,
    createdAt: at(24, 18),
  },
  {
    n: 302,
    organizationId: demoOrganization.id,
    space: 2,
    authorId: owner.id,
    title: 'Share your favourite restorative pose',
    body: 'Mine is legs-up-the-wall after a long day. What is yours?',
    createdAt: at(25, 19),
  },
  {
    n: 303,
    organizationId: demoOrganization.id,
    group: 221,
    authorId: admin.id,
    title: 'Reading for week 3',
    body: 'Chapters 4–6 of *Light on Yoga*. Bring one question to the session.',
    createdAt: at(26, 8),
  },
];

// A reply's `replyTo` is the comment answered; its parent is that comment's top-level comment.
const comments: { n: number; post: number; replyTo?: number; authorId: string; body: string; createdAt: Date }[] = [
  { n: 320, post: 102, authorId: moderator.id, body: 'Try a strap around the feet and keep a long spine.', createdAt: at(7, 19) },
  { n: 321, post: 102, replyTo: 320, authorId: member.id, body: 'That helped a lot, thank you!', createdAt: at(8, 7) },
  { n: 322, post: 102, replyTo: 321, authorId: owner.id, body: `Lovely to hear, <@${member.id}>. Keep it gentle.`, createdAt: at(8, 9) },
  { n: 323, post: 106, authorId: owner.id, body: 'Thirty days! Wonderful commitment. 🎉', createdAt: at(14, 8) },
  { n: 324, post: 106, authorId: admin.id, body: 'So proud of you.', createdAt: at(14, 9) },
  { n: 325, post: 106, authorId: moderator.id, body: 'Next stop: sixty.', createdAt: at(14, 12) },
  { n: 326, post: 106, replyTo: 323, authorId: member.id, body: 'Thank you, Ada!', createdAt: at(14, 13) },
  { n: 327, post: 104, authorId: member.id, body: 'Is it suitable for beginners?', createdAt: at(9, 12) },
  { n: 328, post: 104, replyTo: 327, authorId: admin.id, body: 'Yes, every pose has an easier option.', createdAt: at(9, 13) },
  { n: 329, post: 300, authorId: owner.id, body: 'Count me in for Thursday.', createdAt: at(23, 9) },
  { n: 330, post: 300, authorId: moderator.id, body: 'I will bring the headlamps.', createdAt: at(23, 10) },
  { n: 331, post: 302, authorId: member.id, body: "Supported child's pose, with a bolster.", createdAt: at(25, 20) },
  { n: 332, post: 302, authorId: moderator.id, body: 'Reclined bound angle. Every time.', createdAt: at(25, 21) },
  { n: 333, post: 109, authorId: otherOwner.id, body: 'The yellow one on the left is a sandbag.', createdAt: at(10, 17) },
];

type Subject = { type: ContentType; n: number };
const reactions: { n: number; subject: Subject; userId: string; emoji: string }[] = [
  { n: 350, subject: { type: 'POST', n: 101 }, userId: member.id, emoji: '👋' },
  { n: 351, subject: { type: 'POST', n: 101 }, userId: moderator.id, emoji: '👋' },
  { n: 352, subject: { type: 'POST', n: 101 }, userId: admin.id, emoji: '❤️' },
  { n: 353, subject: { type: 'POST', n: 106 }, userId: owner.id, emoji: '🎉' },
  { n: 354, subject: { type: 'POST', n: 106 }, userId: admin.id, emoji: '🎉' },
  { n: 355, subject: { type: 'POST', n: 106 }, userId: moderator.id, emoji: '🔥' },
  { n: 356, subject: { type: 'POST', n: 106 }, userId: owner.id, emoji: '❤️' },
  { n: 357, subject: { type: 'POST', n: 108 }, userId: member.id, emoji: '🙏' },
  { n: 358, subject: { type: 'POST', n: 107 }, userId: member.id, emoji: '😍' },
  { n: 359, subject: { type: 'POST', n: 300 }, userId: owner.id, emoji: '🏃' },
  { n: 360, subject: { type: 'POST', n: 302 }, userId: member.id, emoji: '❤️' },
  { n: 361, subject: { type: 'COMMENT', n: 320 }, userId: member.id, emoji: '🙏' },
  { n: 362, subject: { type: 'COMMENT', n: 323 }, userId: member.id, emoji: '❤️' },
  { n: 363, subject: { type: 'COMMENT', n: 328 }, userId: member.id, emoji: '👍' },
  { n: 364, subject: { type: 'MESSAGE', n: 711 }, userId: member.id, emoji: '🙏' },
  { n: 365, subject: { type: 'MESSAGE', n: 714 }, userId: admin.id, emoji: '🙌' },
  { n: 366, subject: { type: 'POST', n: 109 }, userId: otherOwner.id, emoji: '🧗' },
];

const follows: { n: number; organizationId: string; followerId: string; followeeId: string }[] = [
  { n: 400, organizationId: demoOrganization.id, followerId: member.id, followeeId: moderator.id },
  { n: 401, organizationId: demoOrganization.id, followerId: member.id, followeeId: owner.id },
  { n: 402, organizationId: demoOrganization.id, followerId: owner.id, followeeId: member.id },
  { n: 403, organizationId: demoOrganization.id, followerId: moderator.id, followeeId: member.id },
  { n: 404, organizationId: demoOrganization.id, followerId: admin.id, followeeId: owner.id },
];

/**
 * Upserts B's demo rows by fixed id (idempotent), then derives what must agree with them: post and
 * comment counters from the rows, the points ledger from the content and reactions (default
 * rules), and each user's total from the ledger.
 */
export async function seedPostDemo(prisma: PrismaClient): Promise<void> {
  const postById = new Map(posts.map((post) => [post.n, post]));
  const commentById = new Map(comments.map((comment) => [comment.n, comment]));
  const topLevelOf = (n: number): number => (commentById.get(n)!.replyTo ? topLevelOf(commentById.get(n)!.replyTo!) : n);
  await prisma.$transaction(async (tx) => {
    for (const { n, space, group, pinned, ...post } of posts) {
      const data = {
        ...post,
        spaceId: space ? id(space) : null,
        groupId: group ? id(group) : null,
        pinned: pinned ?? false,
        updatedAt: post.createdAt,
      };
      await tx.post.upsert({ where: { id: id(n) }, create: { id: id(n), ...data }, update: { pinned: data.pinned, body: data.body } });
    }
    for (const { n, post, replyTo, ...comment } of comments) {
      const data = {
        ...comment,
        organizationId: postById.get(post)!.organizationId,
        postId: id(post),
        parentId: replyTo ? id(topLevelOf(replyTo)) : null,
        inReplyToId: replyTo ? id(replyTo) : null,
        updatedAt: comment.createdAt,
      };
      await tx.comment.upsert({ where: { id: id(n) }, create: { id: id(n), ...data }, update: {} });
    }
    const existingMessages = new Set(
      (
        await tx.message.findMany({
          where: { id: { in: reactions.filter((r) => r.subject.type === 'MESSAGE').map((r) => id(r.subject.n)) } },
          select: { id: true },
        })
      ).map((m) => m.id),
    );
    for (const { n, subject, ...reaction } of reactions) {
      if (subject.type === 'MESSAGE' && !existingMessages.has(id(subject.n))) continue;
      const organizationId = reaction.userId === otherOwner.id ? otherOrganization.id : demoOrganization.id;
      await tx.reaction.upsert({
        where: { id: id(n) },
        create: {
          id: id(n),
          organizationId,
          subjectType: subject.type,
          subjectId: id(subject.n),
          ...reaction,
          createdAt: at(27, 8, n % 60),
        },
        update: {},
      });
    }
    for (const { n, ...follow } of follows) {
      await tx.follow.upsert({ where: { id: id(n) }, create: { id: id(n), ...follow, createdAt: at(27, 9, n % 60) }, update: {} });
    }
    let mentionN = 420;
    const bodies: { type: ContentType; n: number; authorId: string; organizationId: string; body: string }[] = [
      ...posts.map((post) => ({
        type: 'POST' as const,
        n: post.n,
        authorId: post.authorId,
        organizationId: post.organizationId,
        body: post.body,
      })),
      ...comments.map((c) => ({
        type: 'COMMENT' as const,
        n: c.n,
        authorId: c.authorId,
        organizationId: postById.get(c.post)!.organizationId,
        body: c.body,
      })),
    ];
    for (const subject of bodies) {
      for (const mentionedUserId of parseMentions(subject.body)) {
        const mid = id(mentionN++);
        await tx.mention.upsert({
          where: { id: mid },
          create: {
            id: mid,
            organizationId: subject.organizationId,
            subjectType: subject.type,
            subjectId: id(subject.n),
            mentionedUserId,
            byUserId: subject.authorId,
          },
          update: {},
        });
      }
    }

    // Counters, from the rows they count.
    await tx.$executeRaw`
      UPDATE "Post" p SET
        "likeCount" = (SELECT count(*)::int FROM "Reaction" r WHERE r."subjectType" = 'POST' AND r."subjectId" = p.id),
        "commentCount" = (SELECT count(*)::int FROM "Comment" c WHERE c."postId" = p.id AND c."deletedAt" IS NULL)
      WHERE p.id IN (${id(101)}, ${id(102)}, ${id(103)}, ${id(104)}, ${id(105)}, ${id(106)}, ${id(107)}, ${id(108)}, ${id(109)}, ${id(300)}, ${id(301)}, ${id(302)}, ${id(303)})`;
    await tx.$executeRaw`
      UPDATE "Comment" c SET
        "likeCount" = (SELECT count(*)::int FROM "Reaction" r WHERE r."subjectType" = 'COMMENT' AND r."subjectId" = c.id),
        "replyCount" = (SELECT count(*)::int FROM "Comment" x WHERE x."parentId" = c.id AND x."deletedAt" IS NULL)
      WHERE c.id IN (SELECT id FROM "Comment" WHERE "postId" IN (${id(102)}, ${id(104)}, ${id(106)}, ${id(109)}, ${id(300)}, ${id(302)}))`;

    // Points: one ledger entry per earning, at the default rules; totals from the ledger.
    for (const organizationId of [demoOrganization.id, otherOrganization.id])
      await seedGamificationDefaults(new GamificationRepository(tx), organizationId);
    const rules = new Map(
      (await tx.pointRule.findMany({ select: { organizationId: true, action: true, points: true } })).map((r) => [
        `${r.organizationId}:${r.action}`,
        r.points,
      ]),
    );
    let entryN = 500;
    const award = async (
      organizationId: string,
      userId: string,
      action: PointAction,
      subject: { type: string; id: string },
      createdAt: Date,
    ) => {
      const eid = id(entryN++);
      const amount = rules.get(`${organizationId}:${action}`) ?? 0;
      await tx.pointEntry.upsert({
        where: { id: eid },
        create: { id: eid, organizationId, userId, action, amount, subjectType: subject.type, subjectId: subject.id, createdAt },
        update: {},
      });
    };
    for (const post of posts)
      await award(post.organizationId, post.authorId, 'POST_CREATED', { type: 'Post', id: id(post.n) }, post.createdAt);
    for (const comment of comments) {
      await award(
        postById.get(comment.post)!.organizationId,
        comment.authorId,
        'COMMENT_CREATED',
        { type: 'Comment', id: id(comment.n) },
        comment.createdAt,
      );
    }
    const messageSenders = new Map(
      (await tx.message.findMany({ where: { id: { in: [...existingMessages] } }, select: { id: true, senderId: true } })).map((m) => [
        m.id,
        m.senderId,
      ]),
    );
    for (const reaction of reactions) {
      const subjectId = id(reaction.subject.n);
      const authorId =
        reaction.subject.type === 'POST'
          ? postById.get(reaction.subject.n)?.authorId
          : reaction.subject.type === 'COMMENT'
            ? commentById.get(reaction.subject.n)?.authorId
            : messageSenders.get(subjectId);
      if (!authorId || authorId === reaction.userId) continue;
      const organizationId = reaction.userId === otherOwner.id ? otherOrganization.id : demoOrganization.id;
      await award(organizationId, authorId, 'REACTION_RECEIVED', { type: 'Reaction', id: id(reaction.n) }, at(27, 8, reaction.n % 60));
    }
    const totals = await tx.pointEntry.groupBy({
      by: ['organizationId', 'userId'],
      where: { organizationId: { in: [demoOrganization.id, otherOrganization.id] } },
      _sum: { amount: true },
    });
    for (const total of totals) {
      const key = { organizationId: total.organizationId, userId: total.userId };
      await tx.userPoints.upsert({
        where: { organizationId_userId: key },
        create: { ...key, total: total._sum.amount ?? 0 },
        update: { total: total._sum.amount ?? 0 },
      });
    }
  });
}
