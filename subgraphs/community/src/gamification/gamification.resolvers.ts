import { connectionArgsSchema, parseInput, requireMember } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import { leaderboardArgs, pointEntriesArgs, setLevelsInput, setPointRuleInput } from './gamification.validation.ts';

export const gamificationQueries = {
  pointRules: (_: unknown, __: unknown, { viewer, services }: CommunityContext) => services.gamification.pointRules(viewer),
  levels: (_: unknown, __: unknown, { viewer, services }: CommunityContext) => services.gamification.levels(requireMember(viewer).organizationId),
  leaderboard: async (_: unknown, args: { period?: string; first?: number }, { viewer, services }: CommunityContext) =>
    (await services.gamification.leaderboard(viewer, parseInput(leaderboardArgs, args))).map((entry) => ({ ...entry, user: { id: entry.userId } })),
  pointEntries: (_: unknown, args: { userId?: string; first?: number; after?: string }, { viewer, services }: CommunityContext) =>
    services.gamification.entries(
      viewer,
      parseInput(pointEntriesArgs, { userId: args.userId }).userId,
      parseInput(connectionArgsSchema, { first: args.first, after: args.after }),
    ),
};

export const gamificationMutations = {
  setPointRule: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.gamification.setPointRule(viewer, parseInput(setPointRuleInput, args.input)),
  setLevels: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.gamification.setLevels(viewer, parseInput(setLevelsInput, args.input)),
};
