import { Repeater } from '@repeaterjs/repeater';
import type { Viewer } from '@plaza/auth';
import type { LivePubSub } from '@plaza/events';
import { requireMember } from '@plaza/subgraph-kit';
import { memberScopeOf } from '../conversation/conversation.service.ts';
import { ConversationRepository } from '../conversation/conversation.repository.ts';
import type { PrismaClient } from '../db.ts';
import { assertCanReadSpace } from '../space/space-access.ts';

const keyOf = (organizationId: string, id: string) => `${organizationId}:${id}`;

/**
 * Live updates for subscribers, published after the change committed. Through the live pub/sub,
 * a post created on one community instance reaches subscribers connected to any other.
 */
export class CommunityLiveService {
  constructor(private readonly deps: { prisma: PrismaClient; live: LivePubSub }) {}

  postAdded(post: { id: string; organizationId: string; spaceId: string | null }): void {
    if (post.spaceId) this.deps.live.pubsub.publish('post.added', keyOf(post.organizationId, post.spaceId), { postId: post.id });
  }

  messageAdded(message: { id: string; organizationId: string; conversationId: string }): void {
    this.deps.live.pubsub.publish('message.added', keyOf(message.organizationId, message.conversationId), { messageId: message.id });
  }

  /** Checks the space is readable before the first event (NOT_FOUND otherwise). */
  async posts(viewer: Viewer, spaceId: string) {
    const member = requireMember(viewer);
    await assertCanReadSpace(this.deps.prisma, viewer, spaceId);
    return this.deps.live.pubsub.subscribe('post.added', keyOf(member.organizationId, spaceId));
  }

  /** FORBIDDEN unless the viewer is in the conversation; ends once they no longer are. */
  async messages(viewer: Viewer, conversationId: string, assertMember: () => Promise<unknown>) {
    const member = requireMember(viewer);
    await assertMember();
    const stillMember = async () =>
      (await new ConversationRepository(this.deps.prisma).findJoinedByIds(memberScopeOf(viewer), [conversationId])).length > 0;
    return new Repeater<{ messageId: string }>(async (push, stop) => {
      const source = this.deps.live.pubsub.subscribe('message.added', keyOf(member.organizationId, conversationId));
      void stop.then(() => source.return());
      for await (const payload of source) {
        if (!(await stillMember())) break;
        await push(payload as { messageId: string });
      }
      stop();
    });
  }
}
