export type { ReactionSummaryRecord as ReactionSummaryMapper } from './reaction.repository.ts';
