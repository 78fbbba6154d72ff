import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  DomainError,
  afterId,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  idCursor,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { memberScopeOf } from '../conversation/conversation.service.ts';
import { findMessageForReaction, notAMember } from '../conversation/message-access.ts';
import { attachFiles } from '../file/file-attach.ts';
import { assertNotBannedFromGroup, canModerateGroup } from '../group/group-access.ts';
import { parseMentions, recordMentions } from '../mention/mentions.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { MessagePage, MessageRecord } from './message.repository.ts';
import type { editMessageInput, sendMessageInput } from './message.validation.ts';

/** What moderation may do to a message. */
export type MessageModeration = 'DELETE' | 'HIDE' | 'UNHIDE';

/**
 * Records mentions of conversation members only: mentioning an outsider would notify them of a
 * conversation they cannot open.
 */
async function recordMemberMentions(
  repositories: Pick<CommunityRepositories, 'mentions' | 'events'>,
  viewer: Viewer,
  message: MessageRecord,
  memberIds: ReadonlySet<string>,
): Promise<void> {
  const mentioned = parseMentions(message.body).filter((id) => memberIds.has(id));
  if (mentioned.length === 0) return;
  await recordMentions(repositories, viewer, { type: 'Message', id: message.id }, mentioned);
}

export class MessageService {
  constructor(
    private readonly deps: {
      data: DataAccess<CommunityRepositories>;
      /** Told after a message committed (live updates). */
      onSent?: (message: MessageRecord) => void;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async page(args: ConnectionArgs, loadPage: (page: MessagePage) => Promise<MessageRecord[]>) {
    const rows = await loadPage({ afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  /** `load` is the request's member-scoped loader of live messages. */
  async find(viewer: Viewer, id: string, load: (id: string) => Promise<MessageRecord | null>): Promise<MessageRecord> {
    requireMember(viewer);
    const message = await load(id);
    if (!message) throw notAMember('Message', id);
    return message;
  }

  /**
   * Sends a message as the viewer: FORBIDDEN unless they are a member of the conversation (and,
   * for a group's chat, not banned from the group). Moves the conversation up, marks the message
   * read for its sender, attaches the files, records mentions and `community.message.sent`.
   */
  async send(viewer: Viewer, input: z.output<typeof sendMessageInput>): Promise<MessageRecord> {
    const member = requireRole(viewer, 'MEMBER');
    const sent = await this.deps.data.transaction(viewer, async (repositories) => {
      const { conversations, messages, groups, files, events } = repositories;
      const [conversation] = await conversations.findJoinedByIds(memberScopeOf(viewer), [input.conversationId]);
      if (!conversation) throw notAMember('Conversation', input.conversationId);
      if (conversation.groupId) await assertNotBannedFromGroup(groups, viewer, conversation.groupId);
      if (input.replyToId) {
        const [replyTo] = await messages.findByIds(member.organizationId, [input.replyToId]);
        if (!replyTo || replyTo.conversationId !== conversation.id || replyTo.deletedAt || replyTo.hiddenAt) {
          throw new DomainError(
            'BAD_USER_INPUT',
            `replyToId: ${input.replyToId} is not a live message of conversation ${conversation.id}`,
            {
              issues: [{ field: 'replyToId', message: 'must be a live message of the same conversation' }],
            },
          );
        }
      }
      const message = await messages.create({
        organizationId: member.organizationId,
        conversationId: conversation.id,
        senderId: member.userId,
        body: input.body,
        replyToId: input.replyToId ?? null,
      });
      await attachFiles(files, viewer, input.fileIds, { messageId: message.id });
      await conversations.touch(conversation.id, message.createdAt);
      await conversations.advanceReadPosition(conversation.id, member.userId, message.id, message.createdAt);
      const memberIds = new Set((await conversations.membersOf([conversation.id])).map((m) => m.userId));
      await recordMemberMentions(repositories, viewer, message, memberIds);
      await events.record({
        type: 'community.message.sent',
        organizationId: member.organizationId,
        actorId: member.userId,
        subject: { type: 'Message', id: message.id },
        payload: {
          messageId: message.id,
          conversationId: conversation.id,
          senderId: member.userId,
          recipientIds: [...memberIds].filter((id) => id !== member.userId),
        },
      });
      return message;
    });
    this.deps.onSent?.(sent);
    return sent;
  }

  /** The sender edits their own live message; newly mentioned members are recorded. */
  async edit(viewer: Viewer, input: z.output<typeof editMessageInput>): Promise<MessageRecord> {
    const member = requireRole(viewer, 'MEMBER');
    return this.deps.data.transaction(viewer, async (repositories) => {
      const { messages, conversations } = repositories;
      const reference = await findMessageForReaction(messages, viewer, input.messageId);
      if (reference.senderId !== member.userId) {
        throw new DomainError('FORBIDDEN', `Only the sender may edit message ${reference.id}`, { messageId: reference.id });
      }
      const message = await messages.updateBody(reference.id, input.body, this.now());
      const members = await conversations.membersOf([message.conversationId]);
      await recordMemberMentions(repositories, viewer, message, new Set(members.map((m) => m.userId)));
      return message;
    });
  }

  /**
   * Deletes, hides or unhides a message. Its sender may do so to their own; organization
   * moderators (and the group's moderators, for a group's chat) to anyone's, without being in the
   * conversation. Others get FORBIDDEN, as for any message outside their conversations.
   */
  async moderate(viewer: Viewer, id: string, action: MessageModeration): Promise<MessageRecord> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ messages, conversations, groups }) => {
      const [message] = await messages.findByIds(member.organizationId, [id]);
      const orgModerator = roleAtLeast(member.role, 'MODERATOR');
      if (!message || message.deletedAt) {
        if (orgModerator) throw notFound('Message', id);
        // A sender may still see that their own message is gone; anyone else learns nothing.
        if (message?.senderId === member.userId) throw notFound('Message', id);
        throw notAMember('Message', id);
      }
      // Senders may hide their own message, but only moderators lift a hide (they may not know who hid it).
      if ((message.senderId !== member.userId || action === 'UNHIDE') && !orgModerator) {
        const [conversation] = await conversations.findByIds(member.organizationId, [message.conversationId]);
        const groupModerator = conversation?.groupId ? await canModerateGroup(groups, viewer, conversation.groupId) : false;
        if (!groupModerator) {
          const inConversation = await conversations.findMembership(message.conversationId, member.userId);
          if (!inConversation) throw notAMember('Message', id);
          throw new DomainError('FORBIDDEN', `Only the sender or a moderator may ${action.toLowerCase()} message ${id}`, { messageId: id });
        }
      }
      const now = this.now();
      if (action === 'DELETE') await messages.markDeleted(message.id, now);
      else await messages.setHiddenAt(message.id, action === 'HIDE' ? (message.hiddenAt ?? now) : null);
      const [changed] = await messages.findByIds(member.organizationId, [message.id]);
      if (!changed) throw notFound('Message', id);
      return changed;
    });
  }
}
