import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { MemberScope } from '../conversation/conversation.repository.ts';

const messageColumns = {
  id: true,
  organizationId: true,
  conversationId: true,
  senderId: true,
  body: true,
  replyToId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  hiddenAt: true,
} as const;

export interface MessageRecord {
  id: string;
  organizationId: string;
  conversationId: string;
  senderId: string;
  body: string;
  replyToId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
}

export interface MessagePage {
  afterId?: string;
  take: number;
}

/** Live messages in conversations the scope's user is a member of. */
const visibleMessages = (scope: MemberScope) => ({
  organizationId: scope.organizationId,
  deletedAt: null,
  hiddenAt: null,
  conversation: { organizationId: scope.organizationId, members: { some: { userId: scope.userId } } },
});

export class MessageRepository {
  constructor(private readonly db: Db) {}

  findVisibleByIds(scope: MemberScope, ids: readonly string[]): Promise<MessageRecord[]> {
    return this.db.message.findMany({ where: { ...visibleMessages(scope), id: { in: [...ids] } }, select: messageColumns });
  }

  /** Any message of the organization, deleted and hidden included: for moderation and authors' own changes. */
  findByIds(organizationId: string, ids: readonly string[]): Promise<MessageRecord[]> {
    return this.db.message.findMany({ where: { organizationId, id: { in: [...ids] } }, select: messageColumns });
  }

  /**
   * A page of live messages per conversation, newest first, in one statement: a window function
   * numbers each conversation's messages so the limit applies per conversation. Membership is
   * checked through the join, so a conversation the user left yields nothing.
   */
  listNewestByConversations(scope: MemberScope, conversationIds: readonly string[], page: MessagePage): Promise<MessageRecord[]> {
    const after = page.afterId ? Prisma.sql`AND m.id < ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<MessageRecord[]>`
      SELECT id, "organizationId", "conversationId", "senderId", body, "replyToId", "createdAt", "editedAt", "deletedAt", "hiddenAt"
      FROM (
        SELECT m.*, row_number() OVER (PARTITION BY m."conversationId" ORDER BY m.id DESC) AS position
        FROM "Message" m
        JOIN "ConversationMember" cm ON cm."conversationId" = m."conversationId" AND cm."userId" = ${scope.userId}
        WHERE m."organizationId" = ${scope.organizationId}
          AND m."deletedAt" IS NULL
          AND m."hiddenAt" IS NULL
          AND m."conversationId" IN (${Prisma.join([...conversationIds])})
          ${after}
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY id DESC`;
  }

  /** The newest live message of each conversation, in one statement. */
  latestByConversations(scope: MemberScope, conversationIds: readonly string[]): Promise<MessageRecord[]> {
    return this.db.$queryRaw<MessageRecord[]>`
      SELECT DISTINCT ON (m."conversationId")
             m.id, m."organizationId", m."conversationId", m."senderId", m.body, m."replyToId", m."createdAt", m."editedAt", m."deletedAt", m."hiddenAt"
      FROM "Message" m
      WHERE m."organizationId" = ${scope.organizationId}
        AND m."deletedAt" IS NULL
        AND m."hiddenAt" IS NULL
        AND m."conversationId" IN (${Prisma.join([...conversationIds])})
      ORDER BY m."conversationId", m.id DESC`;
  }

  /** The newest message id of a conversation, whatever its state: "read everything" reads up to it. */
  async latestId(conversationId: string): Promise<string | null> {
    const row = await this.db.message.findFirst({ where: { conversationId }, orderBy: { id: 'desc' }, select: { id: true } });
    return row?.id ?? null;
  }

  create(data: Pick<MessageRecord, 'organizationId' | 'conversationId' | 'senderId' | 'body' | 'replyToId'>): Promise<MessageRecord> {
    return this.db.message.create({ data, select: messageColumns });
  }

  updateBody(id: string, body: string, at: Date): Promise<MessageRecord> {
    return this.db.message.update({ where: { id }, data: { body, editedAt: at }, select: messageColumns });
  }

  /** Sets deletedAt once: a second delete keeps the first time. */
  async markDeleted(id: string, at: Date): Promise<void> {
    await this.db.message.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: at } });
  }

  async setHidden(id: string, hiddenAt: Date | null): Promise<void> {
    await this.db.message.update({ where: { id }, data: { hiddenAt }, select: { id: true } });
  }
}
