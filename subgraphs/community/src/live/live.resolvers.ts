import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';

export const liveSubscriptions = {
  postAdded: {
    subscribe: (_: unknown, args: { spaceId: string }, { viewer, services }: CommunityContext) =>
      services.live.posts(viewer, parseInput(idSchema, args.spaceId)),
    resolve: (payload: { postId: string }, _: unknown, { loaders }: CommunityContext) => loaders.postById.load(payload.postId),
  },
  messageAdded: {
    subscribe: (_: unknown, args: { conversationId: string }, { viewer, services, loaders }: CommunityContext) => {
      const conversationId = parseInput(idSchema, args.conversationId);
      return services.live.messages(viewer, conversationId, () =>
        services.conversations.find(viewer, conversationId, (id) => loaders.conversationById.load(id)),
      );
    },
    resolve: (payload: { messageId: string }, _: unknown, { loaders }: CommunityContext) => loaders.messageById.load(payload.messageId),
  },
};
