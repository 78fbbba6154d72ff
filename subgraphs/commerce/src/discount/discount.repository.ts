import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { sqlColumns } from '../sql.ts';

const discountSelect = {
  id: true,
  organizationId: true,
  code: true,
  name: true,
  kind: true,
  percentOff: true,
  amountOff: true,
  currency: true,
  minimumOrderAmount: true,
  startsAt: true,
  endsAt: true,
  usageLimit: true,
  perCustomerLimit: true,
  timesUsed: true,
  productIds: true,
  categoryIds: true,
  active: true,
  createdAt: true,
} satisfies Prisma.DiscountSelect;

export type DiscountRecord = Prisma.DiscountGetPayload<{ select: typeof discountSelect }>;

export type NewDiscount = Omit<DiscountRecord, 'id' | 'timesUsed' | 'createdAt'>;

export class DiscountRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<DiscountRecord[]> {
    return this.db.discount.findMany({ where: { organizationId, id: { in: [...ids] } }, select: discountSelect });
  }

  findByCode(organizationId: string, code: string): Promise<DiscountRecord | null> {
    return this.db.discount.findUnique({ where: { organizationId_code: { organizationId, code } }, select: discountSelect });
  }

  /** Active automatic discounts (no code), oldest first. */
  findAutomatic(organizationId: string): Promise<DiscountRecord[]> {
    return this.db.discount.findMany({
      where: { organizationId, active: true, code: null },
      orderBy: { id: 'asc' },
      select: discountSelect,
    });
  }

  /** Newest first, keyset-paginated on the time-ordered id. */
  list(organizationId: string, page: { beforeId?: string; take: number }): Promise<DiscountRecord[]> {
    return this.db.discount.findMany({
      where: { organizationId, ...(page.beforeId ? { id: { lt: page.beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
      select: discountSelect,
    });
  }

  create(data: NewDiscount): Promise<DiscountRecord> {
    return this.db.discount.create({ data, select: discountSelect });
  }

  setActive(id: string, active: boolean): Promise<DiscountRecord> {
    return this.db.discount.update({ where: { id }, data: { active }, select: discountSelect });
  }

  /** The discount, its row locked until the transaction ends: redemptions of one discount are counted one at a time. */
  async lock(organizationId: string, id: string): Promise<DiscountRecord | null> {
    const rows = await this.db.$queryRaw<DiscountRecord[]>`
      SELECT ${sqlColumns(discountSelect)}
      FROM "Discount" WHERE "organizationId" = ${organizationId} AND id = ${id} FOR UPDATE`;
    return rows[0] ?? null;
  }

  async countRedemptions(organizationId: string, discountId: string, customerId: string): Promise<number> {
    return this.db.discountRedemption.count({ where: { organizationId, discountId, customerId } });
  }

  /** Counts one use: the caller holds the row lock and checked the limits. */
  async redeem(data: { organizationId: string; discountId: string; customerId: string; orderId: string; amount: number }): Promise<void> {
    await this.db.discount.update({ where: { id: data.discountId }, data: { timesUsed: { increment: 1 } }, select: { id: true } });
    await this.db.discountRedemption.create({ data, select: { id: true } });
  }
}
