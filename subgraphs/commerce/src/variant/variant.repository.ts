import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { PriceInput } from './variant.validation.ts';

const variantSelect = {
  id: true,
  organizationId: true,
  productId: true,
  title: true,
  sku: true,
  options: true,
  position: true,
  stockOnHand: true,
  lowStockThreshold: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ProductVariantSelect;

export type VariantRecord = Prisma.ProductVariantGetPayload<{ select: typeof variantSelect }>;

const priceSelect = {
  id: true,
  variantId: true,
  productId: true,
  currency: true,
  amount: true,
  compareAtAmount: true,
  minQuantity: true,
} satisfies Prisma.PriceSelect;

export type PriceRecord = Prisma.PriceGetPayload<{ select: typeof priceSelect }>;

export interface NewVariant {
  organizationId: string;
  productId: string;
  title: string;
  sku: string | null;
  options: { name: string; value: string }[];
  position: number;
}

export type VariantChanges = Partial<Pick<NewVariant, 'title' | 'sku' | 'options'>>;

export class VariantRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<VariantRecord[]> {
    return this.db.productVariant.findMany({ where: { organizationId, id: { in: [...ids] } }, select: variantSelect });
  }

  /** In display order per product. */
  findByProductIds(organizationId: string, productIds: readonly string[]): Promise<VariantRecord[]> {
    return this.db.productVariant.findMany({
      where: { organizationId, productId: { in: [...productIds] } },
      orderBy: [{ productId: 'asc' }, { position: 'asc' }],
      select: variantSelect,
    });
  }

  /** The SKUs among `skus` that variants of the organization already have. */
  async takenSkus(organizationId: string, skus: readonly string[]): Promise<string[]> {
    const rows = await this.db.productVariant.findMany({ where: { organizationId, sku: { in: [...skus] } }, select: { sku: true } });
    return rows.flatMap((row) => (row.sku ? [row.sku] : []));
  }

  async countByProductId(organizationId: string, productId: string): Promise<number> {
    return this.db.productVariant.count({ where: { organizationId, productId } });
  }

  create(data: NewVariant): Promise<VariantRecord> {
    return this.db.productVariant.create({ data, select: variantSelect });
  }

  update(id: string, data: VariantChanges): Promise<VariantRecord> {
    return this.db.productVariant.update({ where: { id }, data, select: variantSelect });
  }

  /** By currency, then minimum quantity. */
  pricesByVariantIds(organizationId: string, variantIds: readonly string[]): Promise<PriceRecord[]> {
    return this.db.price.findMany({
      where: { organizationId, variantId: { in: [...variantIds] } },
      orderBy: [{ currency: 'asc' }, { minQuantity: 'asc' }],
      select: priceSelect,
    });
  }

  /** Base prices (one unit) of the products' variants, oldest price first. */
  basePricesByProductIds(organizationId: string, productIds: readonly string[]): Promise<PriceRecord[]> {
    return this.db.price.findMany({
      where: { organizationId, productId: { in: [...productIds] }, minQuantity: 1 },
      orderBy: { id: 'asc' },
      select: priceSelect,
    });
  }

  /** Replaces every price of the variant. */
  async replacePrices(variant: Pick<VariantRecord, 'id' | 'organizationId' | 'productId'>, prices: readonly PriceInput[]): Promise<void> {
    await this.db.price.deleteMany({ where: { organizationId: variant.organizationId, variantId: variant.id } });
    await this.db.price.createMany({
      data: prices.map((price) => ({
        ...price,
        organizationId: variant.organizationId,
        variantId: variant.id,
        productId: variant.productId,
      })),
    });
  }
}
