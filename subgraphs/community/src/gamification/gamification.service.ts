import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  afterId,
  DomainError,
  idCursor,
  requireMember,
  requireOrganizationAccess,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PointAction } from '../generated/prisma/enums.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { LeaderboardRow, PointRuleRecord } from './gamification.repository.ts';
import type { leaderboardArgs, setLevelsInput, setPointRuleInput } from './gamification.validation.ts';
import { DEFAULT_LEVELS, DEFAULT_POINT_RULES, levelFor, seedGamificationDefaults, type LevelDefinition } from './points.ts';

export type LeaderboardPeriod = z.output<typeof leaderboardArgs>['period'];

/** Start of the current calendar week (Monday) or month, in UTC; null for all time. */
export function periodStart(period: LeaderboardPeriod, now = new Date()): Date | null {
  if (period === 'ALL_TIME') return null;
  if (period === 'MONTH') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const daysSinceMonday = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysSinceMonday));
}

export interface LeaderboardEntry extends LeaderboardRow {
  rank: number;
}

export class GamificationService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories>; now?: () => Date }) {}

  /** Points per action; the defaults until the organization first earns or an admin changes one. */
  async pointRules(viewer: Viewer): Promise<PointRuleRecord[]> {
    const { organizationId } = requireOrganizationAccess(viewer);
    const stored = new Map(
      (await this.deps.data.repositories(viewer).gamification.listRules(organizationId)).map((rule) => [rule.action, rule.points]),
    );
    return (Object.keys(DEFAULT_POINT_RULES) as PointAction[]).map((action) => ({
      action,
      points: stored.get(action) ?? DEFAULT_POINT_RULES[action],
    }));
  }

  async setPointRule(viewer: Viewer, input: z.output<typeof setPointRuleInput>): Promise<PointRuleRecord> {
    const { organizationId } = requireOrganizationAccess(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ gamification }) => {
      await seedGamificationDefaults(gamification, organizationId);
      return gamification.setRule(organizationId, input.action, input.points);
    });
  }

  /** The viewer's organization's levels, lowest first; the defaults until it has its own. */
  async levels(viewer: Viewer): Promise<LevelDefinition[]> {
    const { organizationId } = requireOrganizationAccess(viewer);
    const stored = await this.deps.data.repositories(viewer).gamification.listLevels(organizationId);
    return stored.length > 0 ? stored : DEFAULT_LEVELS.map((level) => ({ ...level }));
  }

  /** Replaces the organization's levels (admins): numbered 1, 2, 3… in the order given. */
  async setLevels(viewer: Viewer, input: z.output<typeof setLevelsInput>): Promise<LevelDefinition[]> {
    const { organizationId } = requireOrganizationAccess(viewer, 'ADMIN');
    const levels = input.levels.map((level, index) => ({ number: index + 1, ...level }));
    await this.deps.data.transaction(viewer, async ({ gamification }) => {
      await seedGamificationDefaults(gamification, organizationId);
      await gamification.replaceLevels(organizationId, levels);
    });
    return levels;
  }

  /** The top earners of the period: all time from the running totals, a week or month from the ledger. Ties share a rank. */
  async leaderboard(viewer: Viewer, args: z.output<typeof leaderboardArgs>): Promise<LeaderboardEntry[]> {
    const { organizationId } = requireOrganizationAccess(viewer);
    const { gamification } = this.deps.data.repositories(viewer);
    const since = periodStart(args.period, this.deps.now?.());
    const rows = since
      ? await gamification.leaderboardSince(organizationId, since, args.first)
      : await gamification.leaderboardAllTime(organizationId, args.first);
    let rank = 0;
    let previous: number | undefined;
    return rows.map((row, index) => {
      if (row.points !== previous) rank = index + 1;
      previous = row.points;
      return { ...row, rank };
    });
  }

  /** A user's ledger, newest first: the viewer's own, or anyone's for admins (FORBIDDEN otherwise). */
  async entries(viewer: Viewer, userId: string | null | undefined, args: ConnectionArgs) {
    const member = requireMember(viewer);
    const subject = userId ?? member.userId;
    if (subject !== member.userId && !roleAtLeast(member.role, 'ADMIN')) {
      throw new DomainError('FORBIDDEN', `Only admins may read the points of user ${subject}`, { userId: subject });
    }
    const rows = await this.deps.data
      .repositories(viewer)
      .gamification.listEntries(member.organizationId, subject, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  /** The level a total reaches among the levels given. */
  levelOf(total: number, levels: readonly LevelDefinition[]): LevelDefinition | null {
    return levelFor(total, levels);
  }
}
