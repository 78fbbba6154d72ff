import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember } from '@plaza/subgraph-kit';
import type { MessageRecord, MessageRepository } from '../message/message.repository.ts';

/**
 * Conversations answer FORBIDDEN to anyone outside them, whether the id exists, is another
 * organization's or was never issued: the answer never tells which.
 */
export const notAMember = (entity: 'Conversation' | 'Message', id: string) =>
  new DomainError('FORBIDDEN', `You are not a member of the conversation of ${entity.toLowerCase()} ${id}`, { entity, id });

/**
 * The live message `messageId` as the viewer may react to it (or edit, or report): FORBIDDEN
 * unless the viewer is a member of its conversation in their organization, NOT_FOUND when the
 * message was deleted or hidden by moderation. Pass the repository of the transaction that writes.
 */
export async function findMessageForReaction(
  messages: Pick<MessageRepository, 'findInJoinedConversation'>,
  viewer: Viewer,
  messageId: string,
): Promise<MessageRecord> {
  const { organizationId, userId } = requireMember(viewer);
  const message = await messages.findInJoinedConversation({ organizationId, userId }, messageId);
  if (!message) throw notAMember('Message', messageId);
  if (message.deletedAt || message.hiddenAt) throw notFound('Message', messageId);
  return message;
}
