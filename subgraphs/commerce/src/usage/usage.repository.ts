import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { UsageMetric } from '../generated/prisma/enums.ts';

const recordSelect = {
  id: true,
  organizationId: true,
  userId: true,
  metric: true,
  quantity: true,
  periodStart: true,
  idempotencyKey: true,
  recordedById: true,
  recordedAt: true,
} satisfies Prisma.UsageRecordSelect;

export type UsageRecordRow = Prisma.UsageRecordGetPayload<{ select: typeof recordSelect }>;

const limitSelect = {
  metric: true,
  hardLimit: true,
  plan: true,
  updatedAt: true,
} satisfies Prisma.UsageLimitSelect;

export type UsageLimitRow = Prisma.UsageLimitGetPayload<{ select: typeof limitSelect }>;

export class UsageRepository {
  constructor(private readonly db: Db) {}

  /** Null when the organization already recorded usage under `idempotencyKey`. */
  async createRecord(data: Omit<UsageRecordRow, 'id' | 'recordedAt'>): Promise<UsageRecordRow | null> {
    if (!data.idempotencyKey) return this.db.usageRecord.create({ data, select: recordSelect });
    // A concurrent recording with the same key waits here for the other to commit (then skips) or roll back.
    const { count } = await this.db.usageRecord.createMany({ data: [data], skipDuplicates: true });
    return count === 1 ? this.findByKey(data.organizationId, data.idempotencyKey) : null;
  }

  findByKey(organizationId: string, idempotencyKey: string): Promise<UsageRecordRow | null> {
    return this.db.usageRecord.findUnique({
      where: { organizationId_idempotencyKey: { organizationId, idempotencyKey } },
      select: recordSelect,
    });
  }

  /**
   * Adds `quantity` to the period's total unless the total would pass `limit` (null: no limit),
   * in one statement on the total's row: concurrent recordings queue on it, and each sees the
   * total the others left. Returns the new total, or null when the limit refused it.
   */
  async addToTotal(
    organizationId: string,
    metric: UsageMetric,
    periodStart: Date,
    quantity: bigint,
    limit: bigint | null,
  ): Promise<bigint | null> {
    const rows = await this.db.$queryRaw<{ quantity: bigint }[]>`
      INSERT INTO "UsageTotal" ("organizationId", "metric", "periodStart", "quantity")
      SELECT ${organizationId}, ${metric}::"UsageMetric", ${periodStart}, ${quantity}
       WHERE ${limit}::bigint IS NULL OR ${quantity} <= ${limit}::bigint
      ON CONFLICT ("organizationId", "metric", "periodStart")
      DO UPDATE SET "quantity" = "UsageTotal"."quantity" + EXCLUDED."quantity"
       WHERE ${limit}::bigint IS NULL OR "UsageTotal"."quantity" + EXCLUDED."quantity" <= ${limit}::bigint
      RETURNING "quantity"`;
    return rows[0]?.quantity ?? null;
  }

  totals(organizationId: string, periodStart: Date) {
    return this.db.usageTotal.findMany({ where: { organizationId, periodStart }, select: { metric: true, quantity: true } });
  }

  /** Per user (null: the organization as a whole) and metric, in the period. */
  async totalsByUser(organizationId: string, periodStart: Date, filter: { metric?: UsageMetric | null; userId?: string | null }) {
    const groups = await this.db.usageRecord.groupBy({
      by: ['userId', 'metric'],
      where: {
        organizationId,
        periodStart,
        ...(filter.metric ? { metric: filter.metric } : {}),
        ...(filter.userId ? { userId: filter.userId } : {}),
      },
      _sum: { quantity: true },
      orderBy: [{ userId: 'asc' }, { metric: 'asc' }],
    });
    return groups.map((group) => ({ userId: group.userId, metric: group.metric, quantity: group._sum.quantity ?? 0n }));
  }

  limits(organizationId: string): Promise<UsageLimitRow[]> {
    return this.db.usageLimit.findMany({ where: { organizationId }, select: limitSelect });
  }

  async setLimits(
    organizationId: string,
    limits: { metric: UsageMetric; hardLimit: bigint | null; plan: string | null }[],
    updatedById: string,
  ): Promise<void> {
    for (const { metric, hardLimit, plan } of limits)
      await this.db.usageLimit.upsert({
        where: { organizationId_metric: { organizationId, metric } },
        create: { organizationId, metric, hardLimit, plan, updatedById },
        update: { hardLimit, plan, updatedById },
        select: { metric: true },
      });
  }
}
