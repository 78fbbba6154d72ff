import { parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import { reactionInput } from './reaction.validation.ts';

export const reactionMutations = {
  addReaction: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.reactions.add(viewer, parseInput(reactionInput, args.input)),
  removeReaction: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.reactions.remove(viewer, parseInput(reactionInput, args.input)),
};

/** Reaction fields of chat messages (the Message type belongs to src/message). */
export const messageReactionFields = {
  reactions: (message: { id: string }, _: unknown, { loaders }: CommunityContext) =>
    loaders.reactionSummaryBySubject.load({ subjectType: 'MESSAGE', subjectId: message.id }),
};
