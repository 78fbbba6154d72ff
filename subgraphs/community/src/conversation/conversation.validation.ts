import { connectionArgsSchema, idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** Limits of conversations: the one source of truth, quoted in the SDL descriptions. */
export const CONVERSATION_LIMITS = { titleMax: 100, membersMax: 100 } as const;

export const startDirectConversationInput = z.object({ userId: idSchema });

export const createGroupConversationInput = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(CONVERSATION_LIMITS.titleMax, `must be at most ${CONVERSATION_LIMITS.titleMax} characters`),
  memberIds: z
    .array(idSchema)
    .min(1, 'must name at least one other member')
    .max(CONVERSATION_LIMITS.membersMax - 1, `must name at most ${CONVERSATION_LIMITS.membersMax - 1} other members`),
  groupId: idSchema.nullish(),
});

export const addConversationMembersInput = z.object({
  conversationId: idSchema,
  userIds: z
    .array(idSchema)
    .min(1, 'must name at least one user')
    .max(CONVERSATION_LIMITS.membersMax, `must name at most ${CONVERSATION_LIMITS.membersMax} users`),
});

export const markConversationReadInput = z.object({ conversationId: idSchema, messageId: idSchema.nullish() });

export const conversationsArgs = connectionArgsSchema;
