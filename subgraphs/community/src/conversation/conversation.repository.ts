import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';

const conversationSelect = {
  id: true,
  organizationId: true,
  kind: true,
  title: true,
  groupId: true,
  createdById: true,
  createdAt: true,
  lastMessageAt: true,
} satisfies Prisma.ConversationSelect;

export type ConversationRecord = Prisma.ConversationGetPayload<{ select: typeof conversationSelect }>;

const conversationMemberSelect = {
  id: true,
  conversationId: true,
  userId: true,
  joinedAt: true,
  lastReadMessageId: true,
  lastReadAt: true,
} satisfies Prisma.ConversationMemberSelect;

export type ConversationMemberRecord = Prisma.ConversationMemberGetPayload<{ select: typeof conversationMemberSelect }>;

/** One member looking at their conversations: every read is scoped by both. */
export interface MemberScope {
  organizationId: string;
  userId: string;
}

/** Keyset position in the activity order (lastMessageAt, id), newest first. */
export interface ActivityCursor {
  lastMessageAt: Date;
  id: string;
}

const joinedBy = (scope: MemberScope): Prisma.ConversationWhereInput => ({
  organizationId: scope.organizationId,
  members: { some: { userId: scope.userId } },
});

export class ConversationRepository {
  constructor(private readonly db: Db) {}

  /** Conversations among `ids` that the scope's user is a member of. */
  findJoinedByIds(scope: MemberScope, ids: readonly string[]): Promise<ConversationRecord[]> {
    return this.db.conversation.findMany({ where: { ...joinedBy(scope), id: { in: [...ids] } }, select: conversationSelect });
  }

  /** Any conversation of the organization: for moderators, who act without being members. */
  findByIds(organizationId: string, ids: readonly string[]): Promise<ConversationRecord[]> {
    return this.db.conversation.findMany({ where: { organizationId, id: { in: [...ids] } }, select: conversationSelect });
  }

  /** The user's conversations, most recently active first. */
  listJoined(scope: MemberScope, options: { after?: ActivityCursor; take: number }): Promise<ConversationRecord[]> {
    const after = options.after;
    return this.db.conversation.findMany({
      where: {
        ...joinedBy(scope),
        ...(after
          ? { OR: [{ lastMessageAt: { lt: after.lastMessageAt } }, { lastMessageAt: after.lastMessageAt, id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
      take: options.take,
      select: conversationSelect,
    });
  }

  findDirect(organizationId: string, lowUserId: string, highUserId: string): Promise<ConversationRecord | null> {
    return this.db.conversation.findUnique({
      where: {
        organizationId_directLowUserId_directHighUserId: { organizationId, directLowUserId: lowUserId, directHighUserId: highUserId },
      },
      select: conversationSelect,
    });
  }

  /** Inserts the pair's conversation unless it exists (ON CONFLICT DO NOTHING): safe under races. */
  async createDirectIfMissing(organizationId: string, createdById: string, lowUserId: string, highUserId: string): Promise<void> {
    await this.db.conversation.createMany({
      data: [{ organizationId, kind: 'DIRECT', createdById, directLowUserId: lowUserId, directHighUserId: highUserId }],
      skipDuplicates: true,
    });
  }

  createGroup(data: { organizationId: string; createdById: string; title: string; groupId: string | null }): Promise<ConversationRecord> {
    return this.db.conversation.create({ data: { ...data, kind: 'GROUP' }, select: conversationSelect });
  }

  /** Adds members; users already in the conversation are skipped. */
  async addMembers(organizationId: string, conversationId: string, userIds: readonly string[]): Promise<void> {
    await this.db.conversationMember.createMany({
      data: userIds.map((userId) => ({ organizationId, conversationId, userId })),
      skipDuplicates: true,
    });
  }

  async removeMember(conversationId: string, userId: string): Promise<boolean> {
    const { count } = await this.db.conversationMember.deleteMany({ where: { conversationId, userId } });
    return count > 0;
  }

  findMembership(conversationId: string, userId: string): Promise<ConversationMemberRecord | null> {
    return this.db.conversationMember.findUnique({
      where: { conversationId_userId: { conversationId, userId } },
      select: conversationMemberSelect,
    });
  }

  countMembers(conversationId: string): Promise<number> {
    return this.db.conversationMember.count({ where: { conversationId } });
  }

  membersOf(conversationIds: readonly string[]): Promise<ConversationMemberRecord[]> {
    return this.db.conversationMember.findMany({
      where: { conversationId: { in: [...conversationIds] } },
      orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }],
      select: conversationMemberSelect,
    });
  }

  /** Moves the read position forward only: an older message never un-reads newer ones. */
  async advanceReadPosition(conversationId: string, userId: string, messageId: string, at: Date): Promise<void> {
    await this.db.conversationMember.updateMany({
      where: { conversationId, userId, OR: [{ lastReadMessageId: null }, { lastReadMessageId: { lt: messageId } }] },
      data: { lastReadMessageId: messageId, lastReadAt: at },
    });
  }

  /** Activity order only moves forward, whatever order concurrent senders commit in. */
  async touch(conversationId: string, at: Date): Promise<void> {
    await this.db.conversation.updateMany({ where: { id: conversationId, lastMessageAt: { lt: at } }, data: { lastMessageAt: at } });
  }

  /**
   * Unread messages per conversation for the scope's user, in one statement: live messages of
   * others after the user's read position. Omit `conversationIds` for all their conversations.
   */
  countUnread(scope: MemberScope, conversationIds?: readonly string[]): Promise<{ conversationId: string; count: number }[]> {
    const only = conversationIds ? Prisma.sql`AND cm."conversationId" IN (${Prisma.join([...conversationIds])})` : Prisma.empty;
    // An aggregate: the row type names exactly the two columns selected.
    return this.db.$queryRaw<{ conversationId: string; count: number }[]>`
      SELECT cm."conversationId", count(m.id)::int AS count
      FROM "ConversationMember" cm
      LEFT JOIN "Message" m
        ON m."conversationId" = cm."conversationId"
       AND m."organizationId" = cm."organizationId"
       AND m."deletedAt" IS NULL
       AND m."hiddenAt" IS NULL
       AND m."senderId" <> cm."userId"
       AND (cm."lastReadMessageId" IS NULL OR m.id > cm."lastReadMessageId")
      WHERE cm."organizationId" = ${scope.organizationId}
        AND cm."userId" = ${scope.userId}
        ${only}
      GROUP BY cm."conversationId"`;
  }
}
