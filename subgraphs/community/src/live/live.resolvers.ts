import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { SubscriptionMessageAddedArgs, SubscriptionPostAddedArgs, SubscriptionResolvers } from '../generated/graphql.ts';

export const liveSubscriptions: SubscriptionResolvers = {
  postAdded: {
    subscribe: (_, { spaceId }, { viewer, services }) => services.live.posts(viewer, parseInput(idSchema, spaceId)),
    resolve: async (payload: { postId: string }, _: SubscriptionPostAddedArgs, { loaders }: CommunityContext) => {
      const post = await loaders.postById.load(payload.postId);
      if (!post) throw new Error(`Post ${payload.postId} of a live update is not visible to the subscriber`);
      return post;
    },
  },
  messageAdded: {
    subscribe: (_, { conversationId }, { viewer, services, loaders }) => {
      const id = parseInput(idSchema, conversationId);
      return services.live.messages(viewer, id, {
        assertMember: () => services.conversations.find(viewer, id, (candidate) => loaders.conversationById.load(candidate)),
        stillMember: () => services.conversations.isMember(viewer, id),
      });
    },
    resolve: async (payload: { messageId: string }, _: SubscriptionMessageAddedArgs, { loaders }: CommunityContext) => {
      const message = await loaders.messageById.load(payload.messageId);
      if (!message) throw new Error(`Message ${payload.messageId} of a live update is not visible to the subscriber`);
      return message;
    },
  },
};
