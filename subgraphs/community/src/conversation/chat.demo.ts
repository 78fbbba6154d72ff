import { demoId, demoOrganization, demoUsers } from '@plaza/demo';
import type { PrismaClient } from '../db.ts';
import type { FileStorage } from '../file/file-storage.ts';

const COMMUNITY = 2;
const id = (n: number) => demoId(COMMUNITY, n);
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2025, 0, day, hour, minute));
const organizationId = demoOrganization.id;
const { owner, admin, moderator, member } = demoUsers;

const conversations = [
  {
    n: 700,
    kind: 'DIRECT' as const,
    title: null,
    createdById: member.id,
    pair: [owner.id, member.id].sort(),
    members: [owner.id, member.id],
    createdAt: at(15, 8),
  },
  {
    n: 701,
    kind: 'GROUP' as const,
    title: 'Teaching team',
    createdById: admin.id,
    pair: null,
    members: [admin.id, owner.id, moderator.id],
    createdAt: at(16, 9),
  },
];

// Ids grow with createdAt, as uuid(7) ids do, so read positions and "newest first" hold.
const messages = [
  {
    n: 710,
    conversation: 700,
    senderId: member.id,
    body: 'Hi Ada! Is the Saturday slow-flow class suitable for beginners?',
    replyTo: null,
    createdAt: at(15, 8, 5),
  },
  {
    n: 711,
    conversation: 700,
    senderId: owner.id,
    body: `Absolutely <@${member.id}>, it is our gentlest class. Bring a strap if you have one.`,
    replyTo: 710,
    createdAt: at(15, 9, 12),
  },
  {
    n: 712,
    conversation: 700,
    senderId: member.id,
    body: 'Perfect, see you there! Schedule attached for anyone asking.',
    replyTo: null,
    createdAt: at(15, 9, 30),
  },
  {
    n: 713,
    conversation: 701,
    senderId: admin.id,
    body: 'Can someone cover the evening class on the 20th?',
    replyTo: null,
    createdAt: at(16, 9, 1),
  },
  { n: 714, conversation: 701, senderId: moderator.id, body: 'I can take it.', replyTo: 713, createdAt: at(16, 10, 20) },
  { n: 715, conversation: 701, senderId: admin.id, body: `Thank you <@${moderator.id}>!`, replyTo: 714, createdAt: at(16, 10, 25) },
];

// Read positions: Ada has not read Katherine's last message; Ada has not caught up with the team chat.
const readUpTo: Record<string, number | null> = {
  [`700:${owner.id}`]: 711,
  [`700:${member.id}`]: 712,
  [`701:${admin.id}`]: 715,
  [`701:${owner.id}`]: null,
  [`701:${moderator.id}`]: 714,
};

const schedule = Buffer.from('Saturday slow flow\n09:00-10:15, Studio B\nAll levels welcome.\n');

/** Upserts the demo conversations, messages, an attachment and a moderation report by fixed id. */
export async function seedChatDemo(prisma: PrismaClient, storage: FileStorage): Promise<void> {
  const storageKey = `${organizationId}/demo-class-schedule`;
  await storage.put(storageKey, schedule);
  await prisma.$transaction(async (tx) => {
    for (const { n, pair, members: _members, ...conversation } of conversations) {
      const lastMessageAt = messages.filter((m) => m.conversation === n).at(-1)?.createdAt ?? conversation.createdAt;
      await tx.conversation.upsert({
        where: { id: id(n) },
        create: {
          id: id(n),
          organizationId,
          ...conversation,
          directLowUserId: pair?.[0] ?? null,
          directHighUserId: pair?.[1] ?? null,
          lastMessageAt,
        },
        update: {},
      });
    }
    for (const { n, conversation, replyTo, ...message } of messages) {
      await tx.message.upsert({
        where: { id: id(n) },
        create: {
          id: id(n),
          organizationId,
          conversationId: id(conversation),
          replyToId: replyTo ? id(replyTo) : null,
          ...message,
          updatedAt: message.createdAt,
        },
        update: {},
      });
    }
    for (const { n, members, createdAt } of conversations) {
      for (const userId of members) {
        const read = readUpTo[`${n}:${userId}`] ?? null;
        await tx.conversationMember.upsert({
          where: { conversationId_userId: { conversationId: id(n), userId } },
          create: {
            organizationId,
            conversationId: id(n),
            userId,
            joinedAt: createdAt,
            lastReadMessageId: read ? id(read) : null,
            lastReadAt: read ? messages.find((m) => m.n === read)!.createdAt : null,
          },
          update: {},
        });
      }
    }
    await tx.file.upsert({
      where: { id: id(750) },
      create: {
        id: id(750),
        organizationId,
        uploaderId: member.id,
        name: 'class-schedule.txt',
        mimeType: 'text/plain',
        size: schedule.length,
        storageKey,
        messageId: id(712),
        createdAt: at(15, 9, 29),
      },
      update: {},
    });
    await tx.report.upsert({
      where: { id: id(780) },
      create: {
        id: id(780),
        organizationId,
        reporterId: member.id,
        subjectType: 'POST',
        subjectId: id(107),
        reason: 'The early-bird date looks wrong: the retreat page says February 15.',
        createdAt: at(21, 8),
      },
      update: {},
    });
    await tx.report.upsert({
      where: { id: id(781) },
      create: {
        id: id(781),
        organizationId,
        reporterId: moderator.id,
        subjectType: 'MESSAGE',
        subjectId: id(714),
        reason: 'Test report while setting up moderation.',
        status: 'DISMISSED',
        resolverId: admin.id,
        resolvedAt: at(17, 9),
        resolutionNote: 'Just a test.',
        createdAt: at(16, 11),
      },
      update: {},
    });
  });
}
