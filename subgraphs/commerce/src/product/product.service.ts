import type { Viewer } from '@plaza/auth';
import {
  afterId,
  DomainError,
  idCursor,
  isUniqueViolation,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { CommerceRepositories } from '../repositories.ts';
import { isAdmin } from '../viewer.ts';
import { createVariants, requireFreeSkus, withSkuConflict } from '../variant/variant.service.ts';
import type { ProductRecord } from './product.repository.ts';
import type { createProductInput, ProductFilter, updateProductInput } from './product.validation.ts';
import { freeSlugFor } from './slug.ts';

const slugConflict = (slug: string) => new DomainError('CONFLICT', `Product slug "${slug}" is already taken`, { field: 'slug' });

/**
 * Products belong to one organization: members see what is on sale (and archived products, which
 * their orders hold), admins and owners see and write everything. Other organizations' products
 * do not exist to a viewer.
 */
export class ProductService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories> }) {}

  async list(viewer: Viewer, args: ConnectionArgs, filter: ProductFilter) {
    const { organizationId } = requireMember(viewer);
    const statuses = isAdmin(viewer)
      ? filter.statuses?.length
        ? filter.statuses
        : (['DRAFT', 'ACTIVE', 'ARCHIVED'] as const)
      : (['ACTIVE'] as const);
    const rows = await this.deps.data
      .repositories(viewer)
      .products.search(organizationId, { ...filter, statuses }, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  /** Products of the viewer's organization among `ids` that the viewer may see; the others are simply absent. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<ProductRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    const products = await this.deps.data.repositories(viewer).products.findByIds(viewer.organizationId, ids);
    return isAdmin(viewer) ? products : products.filter((product) => product.status !== 'DRAFT');
  }

  /** `load` is the request's loader over `findVisibleByIds`. */
  async find(viewer: Viewer, id: string, load: (id: string) => Promise<ProductRecord | null>): Promise<ProductRecord> {
    requireMember(viewer);
    const product = await load(id);
    if (!product) throw notFound('Product', id);
    return product;
  }

  async findBySlug(viewer: Viewer, slug: string): Promise<ProductRecord> {
    const { organizationId } = requireMember(viewer);
    const product = await this.deps.data.repositories(viewer).products.findBySlug(organizationId, slug);
    if (!product || (product.status === 'DRAFT' && !isAdmin(viewer))) throw notFound('Product', slug);
    return product;
  }

  async create(viewer: Viewer, input: z.output<typeof createProductInput>): Promise<ProductRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const { variants, categoryIds, slug: wantedSlug, ...rest } = input;
    return this.withSlugConflict(wantedSlug, () =>
      withSkuConflict(
        variants.map((variant) => variant.sku),
        () =>
          this.deps.data.transaction(viewer, async (repositories) => {
            const { products } = repositories;
            await this.requireCategories(repositories, organizationId, categoryIds);
            await requireFreeSkus(repositories, organizationId, variants);
            if (wantedSlug && (await products.slugTaken(organizationId, wantedSlug))) throw slugConflict(wantedSlug);
            const slug =
              wantedSlug ?? (await freeSlugFor(rest.name, 'product', (candidate) => products.slugTaken(organizationId, candidate)));
            const product = await products.create({ organizationId, slug, ...rest });
            await products.setCategories(organizationId, product.id, categoryIds);
            await createVariants(repositories, product, variants, 0);
            return product;
          }),
      ),
    );
  }

  async update(viewer: Viewer, id: string, input: z.output<typeof updateProductInput>): Promise<ProductRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const { categoryIds, ...changes } = input;
    return this.withSlugConflict(changes.slug, () =>
      this.deps.data.transaction(viewer, async (repositories) => {
        const { products } = repositories;
        const [product] = await products.findByIds(organizationId, [id]);
        if (!product) throw notFound('Product', id);
        if (changes.slug && changes.slug !== product.slug && (await products.slugTaken(organizationId, changes.slug)))
          throw slugConflict(changes.slug);
        if (categoryIds) {
          await this.requireCategories(repositories, organizationId, categoryIds);
          await products.setCategories(organizationId, id, categoryIds);
        }
        return products.update(product.id, changes);
      }),
    );
  }

  /** Deletes a product never ordered; archives one with orders, which keep referring to it. */
  async delete(viewer: Viewer, id: string): Promise<{ deleted: boolean; product: ProductRecord | null }> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ products, orders }) => {
      const [product] = await products.findByIds(organizationId, [id]);
      if (!product) throw notFound('Product', id);
      if (await orders.productHasOrders(organizationId, id))
        return { deleted: false, product: await products.update(id, { status: 'ARCHIVED' }) };
      await products.delete(id);
      return { deleted: true, product: null };
    });
  }

  private async requireCategories(repositories: Pick<CommerceRepositories, 'categories'>, organizationId: string, ids: readonly string[]) {
    if (!ids.length) return;
    const found = new Set((await repositories.categories.findByIds(organizationId, ids)).map((category) => category.id));
    const missing = ids.find((categoryId) => !found.has(categoryId));
    if (missing) throw notFound('Category', missing);
  }

  private async withSlugConflict<Result>(slug: string | null | undefined, work: () => Promise<Result>): Promise<Result> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, 'slug')) throw slugConflict(slug ?? '(generated)');
      throw error;
    }
  }
}
