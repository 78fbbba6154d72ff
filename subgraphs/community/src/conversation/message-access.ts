import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember } from '@plaza/subgraph-kit';
import type { Db } from '../db.ts';

/** What another concept needs to know about a message it attaches something to. */
export interface MessageReference {
  id: string;
  organizationId: string;
  conversationId: string;
  senderId: string;
}

/**
 * Conversations answer FORBIDDEN to anyone outside them, whether the id exists, is another
 * organization's or was never issued: the answer never tells which.
 */
export const notAMember = (entity: 'Conversation' | 'Message', id: string) =>
  new DomainError('FORBIDDEN', `You are not a member of the conversation of ${entity.toLowerCase()} ${id}`, { entity, id });

/**
 * The live message `messageId` as the viewer may react to it (or reply, or report): FORBIDDEN
 * unless the viewer is a member of its conversation in their organization, NOT_FOUND when the
 * message was deleted or hidden by moderation. Pass the transaction that writes the reaction.
 */
export async function findMessageForReaction(db: Db, viewer: Viewer, messageId: string): Promise<MessageReference> {
  const { organizationId, userId } = requireMember(viewer);
  const message = await db.message.findFirst({
    where: { id: messageId, organizationId, conversation: { organizationId, members: { some: { userId } } } },
    select: { id: true, organizationId: true, conversationId: true, senderId: true, deletedAt: true, hiddenAt: true },
  });
  if (!message) throw notAMember('Message', messageId);
  if (message.deletedAt || message.hiddenAt) throw notFound('Message', messageId);
  return { id: message.id, organizationId: message.organizationId, conversationId: message.conversationId, senderId: message.senderId };
}
