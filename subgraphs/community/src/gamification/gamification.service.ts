import { roleAtLeast, type Viewer } from '@plaza/auth';
import { afterId, DomainError, idCursor, requireMember, requireRole, toConnection, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import type { PointAction } from '../generated/prisma/enums.ts';
import { GamificationRepository, type LeaderboardRow } from './gamification.repository.ts';
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
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /** Points per action; the defaults until the organization first earns or an admin changes one. */
  async pointRules(viewer: Viewer): Promise<{ action: PointAction; points: number }[]> {
    const { organizationId } = requireMember(viewer);
    const stored = new Map((await new GamificationRepository(this.deps.prisma).listRules(organizationId)).map((rule) => [rule.action, rule.points]));
    return (Object.keys(DEFAULT_POINT_RULES) as PointAction[]).map((action) => ({ action, points: stored.get(action) ?? DEFAULT_POINT_RULES[action] }));
  }

  async setPointRule(viewer: Viewer, input: z.output<typeof setPointRuleInput>) {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.prisma.$transaction(async (tx) => {
      await seedGamificationDefaults(tx, organizationId);
      return new GamificationRepository(tx).setRule(organizationId, input.action, input.points);
    });
  }

  /** The organization's levels, lowest first; the defaults until it has its own. */
  async levels(organizationId: string): Promise<readonly LevelDefinition[]> {
    const stored = await new GamificationRepository(this.deps.prisma).listLevels(organizationId);
    return stored.length > 0 ? stored : DEFAULT_LEVELS;
  }

  /** Replaces the organization's levels (admins): numbered 1, 2, 3… in the order given. */
  async setLevels(viewer: Viewer, input: z.output<typeof setLevelsInput>): Promise<LevelDefinition[]> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const levels = input.levels.map((level, index) => ({ number: index + 1, ...level }));
    await this.deps.prisma.$transaction(async (tx) => {
      await seedGamificationDefaults(tx, organizationId);
      await new GamificationRepository(tx).replaceLevels(organizationId, levels);
    });
    return levels;
  }

  /** The top earners of the period: all time from the running totals, a week or month from the ledger. Ties share a rank. */
  async leaderboard(viewer: Viewer, args: z.output<typeof leaderboardArgs>): Promise<LeaderboardEntry[]> {
    const { organizationId } = requireMember(viewer);
    const repository = new GamificationRepository(this.deps.prisma);
    const since = periodStart(args.period);
    const rows = since ? await repository.leaderboardSince(organizationId, since, args.first) : await repository.leaderboardAllTime(organizationId, args.first);
    let rank = 0;
    return rows.map((row, index) => {
      if (index === 0 || row.points !== rows[index - 1]!.points) rank = index + 1;
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
    const rows = await new GamificationRepository(this.deps.prisma).listEntries(member.organizationId, subject, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  /** The level a total reaches among the levels given. */
  levelOf(total: number, levels: readonly LevelDefinition[]): LevelDefinition | null {
    return levelFor(total, levels);
  }
}
