import { Repeater } from '@repeaterjs/repeater';
import type { Viewer } from '@plaza/auth';
import type { LivePubSub } from '@plaza/events';
import { requireMember, type DataAccess } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';
import { assertCanReadSpace } from '../space/space-access.ts';

const keyOf = (organizationId: string, id: string) => `${organizationId}:${id}`;

/**
 * Live updates for subscribers, published after the change committed. Through the live pub/sub,
 * a post created on one community instance reaches subscribers connected to any other.
 */
export class CommunityLiveService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories>; live: LivePubSub }) {}

  postAdded(post: { id: string; organizationId: string; spaceId: string | null }): void {
    if (post.spaceId) this.deps.live.pubsub.publish('post.added', keyOf(post.organizationId, post.spaceId), { postId: post.id });
  }

  messageAdded(message: { id: string; organizationId: string; conversationId: string }): void {
    this.deps.live.pubsub.publish('message.added', keyOf(message.organizationId, message.conversationId), { messageId: message.id });
  }

  /** Checks the space is readable before the first event (NOT_FOUND otherwise). */
  async posts(viewer: Viewer, spaceId: string) {
    const member = requireMember(viewer);
    await assertCanReadSpace(this.deps.data.repositories(viewer).spaces, viewer, spaceId);
    return this.deps.live.pubsub.subscribe('post.added', keyOf(member.organizationId, spaceId));
  }

  /**
   * FORBIDDEN unless the viewer is in the conversation (`assertMember`); ends once `stillMember`
   * says they no longer are.
   */
  async messages(
    viewer: Viewer,
    conversationId: string,
    membership: { assertMember(): Promise<unknown>; stillMember(): Promise<boolean> },
  ) {
    const member = requireMember(viewer);
    await membership.assertMember();
    return new Repeater<{ messageId: string }>(async (push, stop) => {
      const source = this.deps.live.pubsub.subscribe('message.added', keyOf(member.organizationId, conversationId));
      void stop.then(() => source.return());
      for await (const payload of source) {
        if (!(await membership.stillMember())) break;
        if (typeof payload.messageId === 'string') await push({ messageId: payload.messageId });
      }
      stop();
    });
  }
}
