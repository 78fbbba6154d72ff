import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { sqlColumns } from '../sql.ts';
import type { StockAdjustmentReason } from '../generated/prisma/enums.ts';

const stockSelect = {
  id: true,
  productId: true,
  sku: true,
  stockOnHand: true,
  lowStockThreshold: true,
  lowStockAlerted: true,
} satisfies Prisma.ProductVariantSelect;

/** A variant's stock as the inventory rules need it. */
export type StockRecord = Prisma.ProductVariantGetPayload<{ select: typeof stockSelect }>;

const adjustmentSelect = {
  id: true,
  variantId: true,
  quantity: true,
  stockAfter: true,
  reason: true,
  note: true,
  actorId: true,
  orderId: true,
  createdAt: true,
} satisfies Prisma.StockAdjustmentSelect;

export type StockAdjustmentRecord = Prisma.StockAdjustmentGetPayload<{ select: typeof adjustmentSelect }>;

export interface NewStockAdjustment {
  organizationId: string;
  variantId: string;
  quantity: number;
  stockAfter: number;
  reason: StockAdjustmentReason;
  note: string | null;
  actorId: string | null;
  orderId: string | null;
}

export class InventoryRepository {
  constructor(private readonly db: Db) {}

  /**
   * The variants' stock, each row locked until the transaction ends (in id order, so two
   * transactions locking the same variants never deadlock): concurrent checkouts of one variant
   * wait for each other and each sees the stock the previous one left.
   */
  lockStock(organizationId: string, variantIds: readonly string[]): Promise<StockRecord[]> {
    if (!variantIds.length) return Promise.resolve([]);
    return this.db.$queryRaw<StockRecord[]>`
      SELECT ${sqlColumns(stockSelect)}
      FROM "ProductVariant"
      WHERE "organizationId" = ${organizationId} AND id IN (${Prisma.join([...variantIds])})
      ORDER BY id
      FOR UPDATE`;
  }

  async setStock(variantId: string, stock: Pick<StockRecord, 'stockOnHand' | 'lowStockAlerted'>): Promise<void> {
    await this.db.productVariant.update({ where: { id: variantId }, data: stock, select: { id: true } });
  }

  async setThreshold(variantId: string, stock: Pick<StockRecord, 'lowStockThreshold' | 'lowStockAlerted'>): Promise<void> {
    await this.db.productVariant.update({ where: { id: variantId }, data: stock, select: { id: true } });
  }

  async recordAdjustment(data: NewStockAdjustment): Promise<void> {
    await this.db.stockAdjustment.create({ data, select: { id: true } });
  }

  /** Newest first, keyset-paginated on the time-ordered id. */
  adjustments(
    organizationId: string,
    variantIds: readonly string[],
    page: { beforeId?: string; take: number },
  ): Promise<StockAdjustmentRecord[]> {
    return this.db.stockAdjustment.findMany({
      where: { organizationId, variantId: { in: [...variantIds] }, ...(page.beforeId ? { id: { lt: page.beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
      select: adjustmentSelect,
    });
  }
}
