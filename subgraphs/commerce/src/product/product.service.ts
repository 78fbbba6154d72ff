import type { Viewer } from '@plaza/auth';
import {
  afterId,
  idCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { CommerceRepositories } from '../repositories.ts';
import type { ProductRecord } from './product.repository.ts';
import type { createProductInput, updateProductInput } from './product.validation.ts';

/**
 * Products belong to one organization: every member reads them, only admins and owners write
 * them (prices are a business decision). Other organizations' products do not exist to a viewer.
 */
export class ProductService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories> }) {}

  async list(viewer: Viewer, args: ConnectionArgs & { activeOnly: boolean }) {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data.repositories(viewer).products.list(organizationId, {
      activeOnly: args.activeOnly,
      afterId: afterId(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  /** Products of the viewer's organization among `ids`; the others are simply absent. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<ProductRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    return this.deps.data.repositories(viewer).products.findByIds(viewer.organizationId, ids);
  }

  /** `load` is the request's loader over `findVisibleByIds`. */
  async find(viewer: Viewer, id: string, load: (id: string) => Promise<ProductRecord | null>): Promise<ProductRecord> {
    requireMember(viewer);
    const product = await load(id);
    if (!product) throw notFound('Product', id);
    return product;
  }

  async create(viewer: Viewer, input: z.output<typeof createProductInput>): Promise<ProductRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const { price, ...rest } = input;
    return this.deps.data.repositories(viewer).products.create({
      organizationId,
      ...rest,
      priceAmount: price.amount,
      priceCurrency: price.currency,
    });
  }

  async update(viewer: Viewer, id: string, input: z.output<typeof updateProductInput>): Promise<ProductRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const { price, ...rest } = input;
    return this.deps.data.transaction(viewer, async ({ products }) => {
      const [product] = await products.findByIds(organizationId, [id]);
      if (!product) throw notFound('Product', id);
      return products.update(product.id, {
        ...rest,
        ...(price ? { priceAmount: price.amount, priceCurrency: price.currency } : {}),
      });
    });
  }
}
