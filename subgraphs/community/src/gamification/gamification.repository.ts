import type { Db } from '../db.ts';
import type { PointAction } from '../generated/prisma/enums.ts';
import type { LevelDefinition } from './points.ts';

export interface PointEntryRecord {
  id: string;
  userId: string;
  action: PointAction;
  amount: number;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: Date;
}

const entryColumns = { id: true, userId: true, action: true, amount: true, subjectType: true, subjectId: true, createdAt: true } as const;

export interface LeaderboardRow {
  userId: string;
  points: number;
}

export class GamificationRepository {
  constructor(private readonly db: Db) {}

  listRules(organizationId: string): Promise<{ action: PointAction; points: number }[]> {
    return this.db.pointRule.findMany({ where: { organizationId }, select: { action: true, points: true } });
  }

  async setRule(organizationId: string, action: PointAction, points: number): Promise<{ action: PointAction; points: number }> {
    return this.db.pointRule.update({ where: { organizationId_action: { organizationId, action } }, data: { points }, select: { action: true, points: true } });
  }

  /** Levels ordered by threshold; several organizations at once (for loaders). */
  listLevels(organizationId: string): Promise<LevelDefinition[]> {
    return this.db.level.findMany({
      where: { organizationId },
      orderBy: { threshold: 'asc' },
      select: { number: true, name: true, threshold: true, color: true },
    });
  }

  async replaceLevels(organizationId: string, levels: readonly LevelDefinition[]): Promise<void> {
    await this.db.level.deleteMany({ where: { organizationId } });
    await this.db.level.createMany({ data: levels.map((level) => ({ organizationId, ...level })) });
  }

  findTotals(organizationId: string, userIds: readonly string[]): Promise<{ userId: string; total: number }[]> {
    return this.db.userPoints.findMany({ where: { organizationId, userId: { in: [...userIds] } }, select: { userId: true, total: true } });
  }

  /** All-time ranking from the running totals: highest first, ties by user id. */
  async leaderboardAllTime(organizationId: string, take: number): Promise<LeaderboardRow[]> {
    const rows = await this.db.userPoints.findMany({
      where: { organizationId, total: { gt: 0 } },
      orderBy: [{ total: 'desc' }, { userId: 'asc' }],
      take,
      select: { userId: true, total: true },
    });
    return rows.map((row) => ({ userId: row.userId, points: row.total }));
  }

  /** Ranking by points earned since `since` (reversals included), from the ledger. */
  leaderboardSince(organizationId: string, since: Date, take: number): Promise<LeaderboardRow[]> {
    return this.db.$queryRaw<LeaderboardRow[]>`
      SELECT "userId", sum(amount)::int AS points
      FROM "PointEntry"
      WHERE "organizationId" = ${organizationId} AND "createdAt" >= ${since}
      GROUP BY "userId"
      HAVING sum(amount) > 0
      ORDER BY points DESC, "userId"
      LIMIT ${take}`;
  }

  /** A user's ledger, newest first. */
  listEntries(organizationId: string, userId: string, page: { afterId?: string; take: number }): Promise<PointEntryRecord[]> {
    return this.db.pointEntry.findMany({
      where: { organizationId, userId, ...(page.afterId ? { id: { lt: page.afterId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
      select: entryColumns,
    });
  }
}
