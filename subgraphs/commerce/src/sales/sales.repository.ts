import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** What one organization sold in one currency over [from, to), grouped by `unit` (date_trunc's name). */
export interface SalesQuery {
  organizationId: string;
  currency: string;
  from: Date;
  to: Date;
  unit: 'day' | 'week' | 'month';
}

/** Orders that were paid: paid, then maybe fulfilled or refunded since. */
const SOLD = Prisma.sql`('PAID', 'FULFILLED', 'REFUNDED', 'PARTIALLY_REFUNDED')`;

// Stored timestamps are UTC without a time zone; ISO strings cast to `timestamp` keep them so,
// whatever the session's TimeZone.
const at = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

/**
 * The buckets of the report: every period touching [from, to), with the paid orders placed in it
 * (by "Order_organizationId_currency_placedAt_idx") and the refunds completed in it (by
 * "Refund_organizationId_currency_completedAt_idx"). Exported for the EXPLAIN test and benchmark.
 */
export function salesBucketsSql({ organizationId, currency, from, to, unit }: SalesQuery): Prisma.Sql {
  return Prisma.sql`
    WITH sold AS (
      SELECT date_trunc(${unit}, o."placedAt") AS bucket, count(*)::int AS orders, sum(o."total")::bigint AS revenue
      FROM "Order" o
      WHERE o."organizationId" = ${organizationId} AND o."currency" = ${currency}
        AND o."placedAt" >= ${at(from)} AND o."placedAt" < ${at(to)} AND o."status" IN ${SOLD}
      GROUP BY 1
    ), refunded AS (
      SELECT date_trunc(${unit}, r."completedAt") AS bucket, sum(r."amount")::bigint AS refunds
      FROM "Refund" r
      WHERE r."organizationId" = ${organizationId} AND r."currency" = ${currency}
        AND r."completedAt" >= ${at(from)} AND r."completedAt" < ${at(to)} AND r."status" = 'SUCCEEDED'
      GROUP BY 1
    )
    SELECT b.bucket AS "start", coalesce(s.orders, 0) AS "orders", coalesce(s.revenue, 0)::bigint AS "revenue",
           coalesce(r.refunds, 0)::bigint AS "refunds"
    FROM generate_series(date_trunc(${unit}, ${at(from)}), ${at(to)} - interval '1 millisecond', ('1 ' || ${unit})::interval) AS b(bucket)
    LEFT JOIN sold s ON s.bucket = b.bucket
    LEFT JOIN refunded r ON r.bucket = b.bucket
    ORDER BY b.bucket`;
}

/** The best sellers of the range by revenue (line totals of paid orders), through "OrderItem_organizationId_orderId_idx". */
export function topProductsSql({ organizationId, currency, from, to }: SalesQuery, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT i."productId" AS "productId",
           (array_agg(i."productName" ORDER BY o."placedAt" DESC))[1] AS "productName",
           sum(i."quantity")::bigint AS "quantity", count(DISTINCT o."id")::int AS "orders", sum(i."lineTotal")::bigint AS "revenue"
    FROM "Order" o
    JOIN "OrderItem" i ON i."organizationId" = o."organizationId" AND i."orderId" = o."id"
    WHERE o."organizationId" = ${organizationId} AND o."currency" = ${currency}
      AND o."placedAt" >= ${at(from)} AND o."placedAt" < ${at(to)} AND o."status" IN ${SOLD}
    GROUP BY i."productId"
    ORDER BY "revenue" DESC, i."productId"
    LIMIT ${limit}`;
}

export interface SalesBucketRow {
  start: Date;
  orders: number;
  revenue: number;
  refunds: number;
}

export interface TopProductRow {
  productId: string;
  productName: string;
  quantity: number;
  orders: number;
  revenue: number;
}

/** Sums come back as bigint: within Number's exact range for any real shop (2^53 minor units). */
const toNumber = (value: bigint | number) => Number(value);

export class SalesRepository {
  constructor(private readonly db: Db) {}

  async buckets(query: SalesQuery): Promise<SalesBucketRow[]> {
    const rows = await this.db.$queryRaw<{ start: Date; orders: number; revenue: bigint; refunds: bigint }[]>(salesBucketsSql(query));
    return rows.map((row) => ({ start: row.start, orders: row.orders, revenue: toNumber(row.revenue), refunds: toNumber(row.refunds) }));
  }

  async topProducts(query: SalesQuery, limit: number): Promise<TopProductRow[]> {
    const rows = await this.db.$queryRaw<{ productId: string; productName: string; quantity: bigint; orders: number; revenue: bigint }[]>(
      topProductsSql(query, limit),
    );
    return rows.map((row) => ({ ...row, quantity: toNumber(row.quantity), revenue: toNumber(row.revenue) }));
  }
}
