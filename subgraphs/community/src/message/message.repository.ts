import type { MemberScope } from '../conversation/conversation.repository.ts';
import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { sqlColumns } from '../sql.ts';

const messageSelect = {
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
} satisfies Prisma.MessageSelect;

export type MessageRecord = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

/** One page of a conversation's messages: the page of the paged message loader. */
export interface MessagePage {
  afterId?: string;
  take: number;
}

/** Live messages in conversations the scope's user is a member of. */
const visibleMessages = (scope: MemberScope): Prisma.MessageWhereInput => ({
  organizationId: scope.organizationId,
  deletedAt: null,
  hiddenAt: null,
  conversation: { organizationId: scope.organizationId, members: { some: { userId: scope.userId } } },
});

export class MessageRepository {
  constructor(private readonly db: Db) {}

  findVisibleByIds(scope: MemberScope, ids: readonly string[]): Promise<MessageRecord[]> {
    return this.db.message.findMany({ where: { ...visibleMessages(scope), id: { in: [...ids] } }, select: messageSelect });
  }

  /** Any message of the organization, deleted and hidden included: for moderation and authors' own changes. */
  findByIds(organizationId: string, ids: readonly string[]): Promise<MessageRecord[]> {
    return this.db.message.findMany({ where: { organizationId, id: { in: [...ids] } }, select: messageSelect });
  }

  /** A message of a conversation the scope's user is a member of, deleted and hidden included; null otherwise. */
  findInJoinedConversation(scope: MemberScope, id: string): Promise<MessageRecord | null> {
    return this.db.message.findFirst({
      where: {
        id,
        organizationId: scope.organizationId,
        conversation: { organizationId: scope.organizationId, members: { some: { userId: scope.userId } } },
      },
      select: messageSelect,
    });
  }

  /**
   * A page of live messages per conversation, newest first, in one statement: a window function
   * numbers each conversation's messages so the limit applies per conversation. Membership is
   * checked through the join, so a conversation the user left yields nothing.
   */
  listNewestByConversations(scope: MemberScope, conversationIds: readonly string[], page: MessagePage): Promise<MessageRecord[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    const after = page.afterId ? Prisma.sql`AND m.id < ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<MessageRecord[]>`
      SELECT ${sqlColumns(messageSelect)}
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
    if (conversationIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<MessageRecord[]>`
      SELECT DISTINCT ON (m."conversationId") ${sqlColumns(messageSelect, 'm')}
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
    return this.db.message.create({ data, select: messageSelect });
  }

  updateBody(id: string, body: string, at: Date): Promise<MessageRecord> {
    return this.db.message.update({ where: { id }, data: { body, editedAt: at }, select: messageSelect });
  }

  /** Sets deletedAt once: a second delete keeps the first time. */
  async markDeleted(id: string, at: Date): Promise<void> {
    await this.db.message.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: at } });
  }

  async setHiddenAt(id: string, hiddenAt: Date | null): Promise<void> {
    await this.db.message.update({ where: { id }, data: { hiddenAt }, select: { id: true } });
  }
}
