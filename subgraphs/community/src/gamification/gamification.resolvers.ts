import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { LeaderboardEntryResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { leaderboardArgs, pointEntriesArgs, setLevelsInput, setPointRuleInput } from './gamification.validation.ts';

export const gamificationQueries: QueryResolvers = {
  pointRules: (_, __, { viewer, services }) => services.gamification.pointRules(viewer),
  levels: (_, __, { viewer, services }) => services.gamification.levels(viewer),
  leaderboard: (_, args, { viewer, services }) => services.gamification.leaderboard(viewer, parseInput(leaderboardArgs, args)),
  pointEntries: (_, { userId, ...page }, { viewer, services }) =>
    services.gamification.entries(viewer, parseInput(pointEntriesArgs, { userId }).userId, parseInput(connectionArgsSchema, page)),
};

export const gamificationMutations: MutationResolvers = {
  setPointRule: (_, { input }, { viewer, services }) => services.gamification.setPointRule(viewer, parseInput(setPointRuleInput, input)),
  setLevels: (_, { input }, { viewer, services }) => services.gamification.setLevels(viewer, parseInput(setLevelsInput, input)),
};

export const LeaderboardEntry: LeaderboardEntryResolvers = {
  user: (entry) => ({ id: entry.userId }),
};
