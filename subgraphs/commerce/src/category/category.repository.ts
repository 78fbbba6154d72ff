import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const categorySelect = { id: true, organizationId: true, name: true, slug: true, createdAt: true } satisfies Prisma.CategorySelect;

export type CategoryRecord = Prisma.CategoryGetPayload<{ select: typeof categorySelect }>;

/** A category with the product it was loaded for. */
export type ProductCategoryRecord = CategoryRecord & { productId: string };

export class CategoryRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<CategoryRecord[]> {
    return this.db.category.findMany({ where: { organizationId, id: { in: [...ids] } }, select: categorySelect });
  }

  /** Oldest first, keyset-paginated on the time-ordered id. */
  list(organizationId: string, page: { afterId?: string; take: number }): Promise<CategoryRecord[]> {
    return this.db.category.findMany({
      where: { organizationId, ...(page.afterId ? { id: { gt: page.afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: page.take,
      select: categorySelect,
    });
  }

  /** The categories of each product, by name. */
  async findByProductIds(organizationId: string, productIds: readonly string[]): Promise<ProductCategoryRecord[]> {
    const links = await this.db.productCategory.findMany({
      where: { organizationId, productId: { in: [...productIds] } },
      orderBy: { category: { name: 'asc' } },
      select: { productId: true, category: { select: categorySelect } },
    });
    return links.map(({ productId, category }) => ({ ...category, productId }));
  }

  async slugTaken(organizationId: string, slug: string): Promise<boolean> {
    return (await this.db.category.count({ where: { organizationId, slug } })) > 0;
  }

  create(data: Pick<CategoryRecord, 'organizationId' | 'name' | 'slug'>): Promise<CategoryRecord> {
    return this.db.category.create({ data, select: categorySelect });
  }
}
