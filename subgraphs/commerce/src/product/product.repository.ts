import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const productSelect = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  priceAmount: true,
  priceCurrency: true,
  active: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ProductSelect;

export type ProductRecord = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

/** The columns a new product is written with; the database fills in id and timestamps. */
export type NewProduct = Pick<ProductRecord, 'organizationId' | 'name' | 'description' | 'priceAmount' | 'priceCurrency' | 'active'>;

export type ProductChanges = Partial<Pick<ProductRecord, 'name' | 'description' | 'priceAmount' | 'priceCurrency' | 'active'>>;

export class ProductRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<ProductRecord[]> {
    return this.db.product.findMany({ where: { organizationId, id: { in: [...ids] } }, select: productSelect });
  }

  /** Oldest first, keyset-paginated on the time-ordered id. */
  list(organizationId: string, options: { activeOnly: boolean; afterId?: string; take: number }): Promise<ProductRecord[]> {
    return this.db.product.findMany({
      where: {
        organizationId,
        ...(options.activeOnly ? { active: true } : {}),
        ...(options.afterId ? { id: { gt: options.afterId } } : {}),
      },
      orderBy: { id: 'asc' },
      take: options.take,
      select: productSelect,
    });
  }

  create(data: NewProduct): Promise<ProductRecord> {
    return this.db.product.create({ data, select: productSelect });
  }

  update(id: string, data: ProductChanges): Promise<ProductRecord> {
    return this.db.product.update({ where: { id }, data, select: productSelect });
  }
}
