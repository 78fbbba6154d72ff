import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { PointAction } from '../generated/prisma/enums.ts';

const pointEntrySelect = {
  id: true,
  userId: true,
  action: true,
  amount: true,
  subjectType: true,
  subjectId: true,
  createdAt: true,
} satisfies Prisma.PointEntrySelect;

export type PointEntryRecord = Prisma.PointEntryGetPayload<{ select: typeof pointEntrySelect }>;

const pointRuleSelect = { action: true, points: true } satisfies Prisma.PointRuleSelect;

export type PointRuleRecord = Prisma.PointRuleGetPayload<{ select: typeof pointRuleSelect }>;

const levelSelect = { number: true, name: true, threshold: true, color: true } satisfies Prisma.LevelSelect;

export type LevelRecord = Prisma.LevelGetPayload<{ select: typeof levelSelect }>;

const userPointsSelect = { userId: true, total: true } satisfies Prisma.UserPointsSelect;

export type UserPointsRecord = Prisma.UserPointsGetPayload<{ select: typeof userPointsSelect }>;

/** A leaderboard row: exactly the two columns the ranking queries select. */
export interface LeaderboardRow {
  userId: string;
  points: number;
}

/** One ledger entry to append: who, for what, how much (negative: a reversal), and the content it was for. */
export interface NewPointEntry {
  organizationId: string;
  userId: string;
  action: PointAction;
  amount: number;
  subjectType: string | null;
  subjectId: string | null;
}

export class GamificationRepository {
  constructor(private readonly db: Db) {}

  listRules(organizationId: string): Promise<PointRuleRecord[]> {
    return this.db.pointRule.findMany({ where: { organizationId }, select: pointRuleSelect });
  }

  /** The organization's points for one action; null until its rules were written. */
  async findRulePoints(organizationId: string, action: PointAction): Promise<number | null> {
    const rule = await this.db.pointRule.findUnique({
      where: { organizationId_action: { organizationId, action } },
      select: { points: true },
    });
    return rule?.points ?? null;
  }

  /** Writes the rules the organization does not have yet; existing ones stay (also under concurrency). */
  async createMissingRules(organizationId: string, rules: readonly PointRuleRecord[]): Promise<void> {
    await this.db.pointRule.createMany({ data: rules.map((rule) => ({ organizationId, ...rule })), skipDuplicates: true });
  }

  setRule(organizationId: string, action: PointAction, points: number): Promise<PointRuleRecord> {
    return this.db.pointRule.update({
      where: { organizationId_action: { organizationId, action } },
      data: { points },
      select: pointRuleSelect,
    });
  }

  /** Levels ordered by threshold. */
  listLevels(organizationId: string): Promise<LevelRecord[]> {
    return this.db.level.findMany({ where: { organizationId }, orderBy: { threshold: 'asc' }, select: levelSelect });
  }

  countLevels(organizationId: string): Promise<number> {
    return this.db.level.count({ where: { organizationId } });
  }

  /** Adds levels; numbers or thresholds the organization has already are skipped. */
  async createLevels(organizationId: string, levels: readonly LevelRecord[]): Promise<void> {
    await this.db.level.createMany({ data: levels.map((level) => ({ organizationId, ...level })), skipDuplicates: true });
  }

  async replaceLevels(organizationId: string, levels: readonly LevelRecord[]): Promise<void> {
    await this.db.level.deleteMany({ where: { organizationId } });
    await this.db.level.createMany({ data: levels.map((level) => ({ organizationId, ...level })) });
  }

  /**
   * Appends a ledger entry and adds it to the user's running total. Call it inside a transaction:
   * both writes then commit together, so the total always equals the ledger's sum.
   */
  async appendEntry(entry: NewPointEntry): Promise<void> {
    await this.db.pointEntry.create({ data: entry, select: { id: true } });
    // One statement, atomic under concurrency: concurrent first awards cannot both insert.
    await this.db.$executeRaw`
      INSERT INTO "UserPoints" ("organizationId", "userId", total, "updatedAt")
      VALUES (${entry.organizationId}, ${entry.userId}, ${entry.amount}, now())
      ON CONFLICT ("organizationId", "userId") DO UPDATE SET total = "UserPoints".total + EXCLUDED.total, "updatedAt" = now()`;
  }

  /** The ledger's sum for one user, action and subject: what was awarded for it, net of reversals. */
  async netAmount(key: {
    organizationId: string;
    userId: string;
    action: PointAction;
    subjectType: string;
    subjectId: string;
  }): Promise<number> {
    const net = await this.db.pointEntry.aggregate({ where: key, _sum: { amount: true } });
    return net._sum.amount ?? 0;
  }

  findTotals(organizationId: string, userIds: readonly string[]): Promise<UserPointsRecord[]> {
    return this.db.userPoints.findMany({ where: { organizationId, userId: { in: [...userIds] } }, select: userPointsSelect });
  }

  /** All-time ranking from the running totals: highest first, ties by user id. */
  async leaderboardAllTime(organizationId: string, take: number): Promise<LeaderboardRow[]> {
    const rows = await this.db.userPoints.findMany({
      where: { organizationId, total: { gt: 0 } },
      orderBy: [{ total: 'desc' }, { userId: 'asc' }],
      take,
      select: userPointsSelect,
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
      select: pointEntrySelect,
    });
  }
}
