import type { Db } from '../db.ts';

const productColumns = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  priceAmount: true,
  priceCurrency: true,
  active: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface ProductRecord {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  priceAmount: number;
  priceCurrency: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type ProductChanges = Partial<Pick<ProductRecord, 'name' | 'description' | 'priceAmount' | 'priceCurrency' | 'active'>>;

export class ProductRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<ProductRecord[]> {
    return this.db.product.findMany({ where: { organizationId, id: { in: [...ids] } }, select: productColumns });
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
      select: productColumns,
    });
  }

  create(data: Omit<ProductRecord, 'id' | 'createdAt' | 'updatedAt'>): Promise<ProductRecord> {
    return this.db.product.create({ data, select: productColumns });
  }

  update(id: string, data: ProductChanges): Promise<ProductRecord> {
    return this.db.product.update({ where: { id }, data, select: productColumns });
  }
}
