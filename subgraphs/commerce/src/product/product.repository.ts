import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ProductStatus, ProductType } from '../generated/prisma/enums.ts';

const productSelect = {
  id: true,
  organizationId: true,
  name: true,
  slug: true,
  description: true,
  type: true,
  status: true,
  images: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ProductSelect;

export type ProductRecord = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

/** The columns a new product is written with; the database fills in id and timestamps. */
export type NewProduct = Pick<ProductRecord, 'organizationId' | 'name' | 'slug' | 'description' | 'type' | 'status' | 'images'>;

export type ProductChanges = Partial<Pick<ProductRecord, 'name' | 'slug' | 'description' | 'type' | 'status' | 'images'>>;

/** What a product search can ask for; the service decides which statuses a viewer may see. */
export interface ProductSearch {
  query?: string | null;
  types?: readonly ProductType[] | null;
  statuses: readonly ProductStatus[];
  categoryId?: string | null;
  price?: { currency: string; min?: number | null; max?: number | null } | null;
}

/**
 * Text search configuration: English stemming. It must be the one the generated column
 * "searchDocument" (migration catalog) is built with, or the GIN index is not used.
 */
const CONFIG = Prisma.sql`'english'::regconfig`;

export class ProductRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<ProductRecord[]> {
    return this.db.product.findMany({ where: { organizationId, id: { in: [...ids] } }, select: productSelect });
  }

  findBySlug(organizationId: string, slug: string): Promise<ProductRecord | null> {
    return this.db.product.findUnique({ where: { organizationId_slug: { organizationId, slug } }, select: productSelect });
  }

  async slugTaken(organizationId: string, slug: string): Promise<boolean> {
    return (await this.db.product.count({ where: { organizationId, slug } })) > 0;
  }

  /**
   * Products matching every condition given, oldest first, keyset-paginated on the time-ordered
   * id. Text goes through the GIN-indexed search document; the price range compares base prices
   * (minQuantity 1) through the price index.
   */
  async search(organizationId: string, search: ProductSearch, page: { afterId?: string; take: number }): Promise<ProductRecord[]> {
    const conditions = [
      Prisma.sql`p."organizationId" = ${organizationId}`,
      Prisma.sql`p.status IN (${Prisma.join(search.statuses.map((status) => Prisma.sql`${status}::"ProductStatus"`))})`,
    ];
    if (search.types?.length)
      conditions.push(Prisma.sql`p.type IN (${Prisma.join(search.types.map((type) => Prisma.sql`${type}::"ProductType"`))})`);
    if (search.query) conditions.push(Prisma.sql`p."searchDocument" @@ websearch_to_tsquery(${CONFIG}, ${search.query})`);
    if (search.categoryId)
      conditions.push(
        Prisma.sql`EXISTS (SELECT 1 FROM "ProductCategory" pc WHERE pc."organizationId" = p."organizationId" AND pc."categoryId" = ${search.categoryId} AND pc."productId" = p.id)`,
      );
    if (search.price) {
      const { currency, min, max } = search.price;
      conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "Price" pr
        WHERE pr."organizationId" = p."organizationId" AND pr."productId" = p.id AND pr.currency = ${currency} AND pr."minQuantity" = 1
        ${min === null || min === undefined ? Prisma.empty : Prisma.sql`AND pr.amount >= ${min}`} ${max === null || max === undefined ? Prisma.empty : Prisma.sql`AND pr.amount <= ${max}`})`);
    }
    if (page.afterId) conditions.push(Prisma.sql`p.id > ${page.afterId}`);
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT p.id FROM "Product" p WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY p.id LIMIT ${page.take}`;
    const byId = new Map(
      (
        await this.findByIds(
          organizationId,
          rows.map((row) => row.id),
        )
      ).map((product) => [product.id, product]),
    );
    return rows.flatMap((row) => byId.get(row.id) ?? []);
  }

  create(data: NewProduct): Promise<ProductRecord> {
    return this.db.product.create({ data, select: productSelect });
  }

  update(id: string, data: ProductChanges): Promise<ProductRecord> {
    return this.db.product.update({ where: { id }, data, select: productSelect });
  }

  async delete(id: string): Promise<void> {
    await this.db.product.delete({ where: { id }, select: { id: true } });
  }

  /** Replaces the product's categories. */
  async setCategories(organizationId: string, productId: string, categoryIds: readonly string[]): Promise<void> {
    await this.db.productCategory.deleteMany({ where: { organizationId, productId } });
    await this.db.productCategory.createMany({ data: categoryIds.map((categoryId) => ({ organizationId, productId, categoryId })) });
  }
}
