import type { Viewer } from '@plaza/auth';
import {
  DomainError,
  afterInstant,
  instantCursor,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { assertCanPostInGroup } from '../group/group-access.ts';
import type { GroupRepository } from '../group/group.repository.ts';
import { requireActiveMembers, type ActiveMembers } from '../member/member-access.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { ActivityCursor, ConversationRecord, MemberScope } from './conversation.repository.ts';
import {
  CONVERSATION_LIMITS,
  type addConversationMembersInput,
  type createGroupConversationInput,
  type markConversationReadInput,
} from './conversation.validation.ts';
import { notAMember } from './message-access.ts';

export function memberScopeOf(viewer: Viewer): MemberScope {
  const { organizationId, userId } = requireMember(viewer);
  return { organizationId, userId };
}

/** Cursor of the activity order: (lastMessageAt, id). */
const activityCursor = (conversation: ConversationRecord) => instantCursor(conversation.lastMessageAt, conversation.id);

function decodeActivityCursor(after: string | null | undefined): ActivityCursor | undefined {
  const key = afterInstant({ after }, 'a conversation');
  return key && { lastMessageAt: key.at, id: key.id };
}

/** A group's chat never takes in users banned from the group. */
async function assertNoneBanned(
  groups: Pick<GroupRepository, 'findBannedUserIds'>,
  groupId: string | null,
  userIds: readonly string[],
  field: string,
) {
  if (!groupId) return;
  const banned = await groups.findBannedUserIds(groupId, userIds);
  if (banned.length > 0) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `${field}: ${banned.join(', ')} ${banned.length === 1 ? 'is' : 'are'} banned from group ${groupId}`,
      {
        issues: [{ field, message: 'must not name users banned from the group' }],
      },
    );
  }
}

export class ConversationService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories>; now?: () => Date }) {}

  /** The viewer's conversations, most recently active first. */
  async list(viewer: Viewer, args: ConnectionArgs) {
    const rows = await this.deps.data.repositories(viewer).conversations.listJoined(memberScopeOf(viewer), {
      after: decodeActivityCursor(args.after),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, activityCursor);
  }

  /** `load` is the request's member-scoped loader: anything else is FORBIDDEN, existing or not. */
  async find(viewer: Viewer, id: string, load: (id: string) => Promise<ConversationRecord | null>): Promise<ConversationRecord> {
    requireMember(viewer);
    const conversation = await load(id);
    if (!conversation) throw notAMember('Conversation', id);
    return conversation;
  }

  /** Unread messages over all the viewer's conversations. */
  async totalUnread(viewer: Viewer): Promise<number> {
    const counts = await this.deps.data.repositories(viewer).conversations.countUnread(memberScopeOf(viewer));
    return counts.reduce((sum, { count }) => sum + count, 0);
  }

  /** Whether the viewer is still in the conversation: live updates end when they are not. */
  async isMember(viewer: Viewer, conversationId: string): Promise<boolean> {
    const joined = await this.deps.data.repositories(viewer).conversations.findJoinedByIds(memberScopeOf(viewer), [conversationId]);
    return joined.length > 0;
  }

  /**
   * The direct conversation between the viewer and `userId` (an active member of the viewer's
   * organization, NOT_FOUND otherwise), created on first use. The ordered pair is a unique key,
   * so two users starting it at once end up in the same conversation.
   */
  async startDirect(viewer: Viewer, userId: string, members: ActiveMembers): Promise<ConversationRecord> {
    const member = requireRole(viewer, 'MEMBER');
    if (userId === member.userId) {
      throw new DomainError('BAD_USER_INPUT', `userId: ${userId} is you; a direct conversation needs another user`, {
        issues: [{ field: 'userId', message: 'must be another user' }],
      });
    }
    await requireActiveMembers(members, [userId]);
    const [low, high] = member.userId < userId ? [member.userId, userId] : [userId, member.userId];
    return this.deps.data.transaction(viewer, async ({ conversations }) => {
      await conversations.createDirectIfMissing(member.organizationId, member.userId, low, high);
      const conversation = await conversations.findDirect(member.organizationId, low, high);
      if (!conversation) throw new Error(`Direct conversation of ${low} and ${high} is missing right after it was created`);
      await conversations.addMembers(member.organizationId, conversation.id, [low, high]);
      return conversation;
    });
  }

  /** A group chat of the viewer and `memberIds`, active members of the organization (NOT_FOUND naming the first who is not). */
  async createGroup(
    viewer: Viewer,
    input: z.output<typeof createGroupConversationInput>,
    members: ActiveMembers,
  ): Promise<ConversationRecord> {
    const member = requireRole(viewer, 'MEMBER');
    const memberIds = [...new Set([member.userId, ...input.memberIds])];
    await requireActiveMembers(
      members,
      memberIds.filter((id) => id !== member.userId),
    );
    return this.deps.data.transaction(viewer, async ({ conversations, groups }) => {
      // A chat of a group is for people who may post there: banned users and outsiders are refused.
      if (input.groupId) await assertCanPostInGroup(groups, viewer, input.groupId);
      const conversation = await conversations.createGroup({
        organizationId: member.organizationId,
        createdById: member.userId,
        title: input.title,
        groupId: input.groupId ?? null,
      });
      await assertNoneBanned(groups, conversation.groupId, memberIds, 'memberIds');
      await conversations.addMembers(member.organizationId, conversation.id, memberIds);
      return conversation;
    });
  }

  /**
   * Any member of a group chat may add active members of the organization (NOT_FOUND naming the
   * first who is not), up to CONVERSATION_LIMITS.membersMax in all.
   */
  async addMembers(
    viewer: Viewer,
    input: z.output<typeof addConversationMembersInput>,
    members: ActiveMembers,
  ): Promise<ConversationRecord> {
    const member = requireRole(viewer, 'MEMBER');
    await requireActiveMembers(members, [...new Set(input.userIds)]);
    return this.deps.data.transaction(viewer, async ({ conversations, groups }) => {
      const [conversation] = await conversations.findJoinedByIds(memberScopeOf(viewer), [input.conversationId]);
      if (!conversation) throw notAMember('Conversation', input.conversationId);
      if (conversation.kind !== 'GROUP') {
        throw new DomainError(
          'BAD_USER_INPUT',
          `conversationId: ${conversation.id} is a direct conversation; members can only be added to group chats`,
          {
            issues: [{ field: 'conversationId', message: 'must be a group chat' }],
          },
        );
      }
      await assertNoneBanned(groups, conversation.groupId, input.userIds, 'userIds');
      await conversations.addMembers(member.organizationId, conversation.id, input.userIds);
      const count = await conversations.countMembers(conversation.id);
      if (count > CONVERSATION_LIMITS.membersMax) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `userIds: conversation ${conversation.id} would have ${count} members, at most ${CONVERSATION_LIMITS.membersMax} allowed`,
          {
            issues: [{ field: 'userIds', message: `must keep the conversation at ${CONVERSATION_LIMITS.membersMax} members or fewer` }],
          },
        );
      }
      return conversation;
    });
  }

  /** Leaves a group chat; direct conversations cannot be left. */
  async leave(viewer: Viewer, conversationId: string): Promise<boolean> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ conversations }) => {
      const [conversation] = await conversations.findJoinedByIds(memberScopeOf(viewer), [conversationId]);
      if (!conversation) throw notAMember('Conversation', conversationId);
      if (conversation.kind !== 'GROUP') {
        throw new DomainError('BAD_USER_INPUT', `conversationId: ${conversationId} is a direct conversation, which cannot be left`, {
          issues: [{ field: 'conversationId', message: 'must be a group chat' }],
        });
      }
      return conversations.removeMember(conversation.id, member.userId);
    });
  }

  /**
   * Moves the viewer's read position to `messageId` (a message of the conversation) or to its
   * newest message. Positions only move forward.
   */
  async markRead(viewer: Viewer, input: z.output<typeof markConversationReadInput>): Promise<ConversationRecord> {
    const scope = memberScopeOf(viewer);
    return this.deps.data.transaction(viewer, async ({ conversations, messages }) => {
      const [conversation] = await conversations.findJoinedByIds(scope, [input.conversationId]);
      if (!conversation) throw notAMember('Conversation', input.conversationId);
      let readUpTo: string | null;
      if (input.messageId) {
        const [message] = await messages.findByIds(scope.organizationId, [input.messageId]);
        if (!message || message.conversationId !== conversation.id) {
          throw new DomainError('BAD_USER_INPUT', `messageId: ${input.messageId} is not a message of conversation ${conversation.id}`, {
            issues: [{ field: 'messageId', message: 'must be a message of the conversation' }],
          });
        }
        readUpTo = message.id;
      } else {
        readUpTo = await messages.latestId(conversation.id);
      }
      if (readUpTo) await conversations.advanceReadPosition(conversation.id, scope.userId, readUpTo, this.deps.now?.() ?? new Date());
      return conversation;
    });
  }
}
