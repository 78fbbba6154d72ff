import { parseInput } from '@plaza/subgraph-kit';
import type { MessageResolvers, MutationResolvers } from '../generated/graphql.ts';
import { reactionInput } from './reaction.validation.ts';

export const reactionMutations: MutationResolvers = {
  addReaction: (_, { input }, { viewer, services }) => services.reactions.add(viewer, parseInput(reactionInput, input)),
  removeReaction: (_, { input }, { viewer, services }) => services.reactions.remove(viewer, parseInput(reactionInput, input)),
};

/** Reaction fields of chat messages (the Message type belongs to src/message). */
export const messageReactionFields: MessageResolvers = {
  reactions: (message, _, { loaders }) => loaders.reactionSummaryBySubject.load({ parentId: message.id, subjectType: 'MESSAGE' }),
};
