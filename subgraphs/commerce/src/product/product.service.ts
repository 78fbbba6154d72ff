import type { Viewer } from '@plaza/auth';
import { afterId, idCursor, notFound, requireMember, requireRole, toConnection, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import { ProductRepository, type ProductRecord } from './product.repository.ts';
import type { createProductInput, updateProductInput } from './product.validation.ts';

export class ProductService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  async list(viewer: Viewer, args: ConnectionArgs & { activeOnly: boolean }) {
    const { organizationId } = requireMember(viewer);
    const rows = await new ProductRepository(this.deps.prisma).list(organizationId, {
      activeOnly: args.activeOnly,
      afterId: afterId(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  /** `load` is the request's organization-scoped loader. */
  async find(viewer: Viewer, id: string, load: (id: string) => Promise<ProductRecord | null>): Promise<ProductRecord> {
    requireMember(viewer);
    const product = await load(id);
    if (!product) throw notFound('Product', id);
    return product;
  }

  create(viewer: Viewer, input: z.output<typeof createProductInput>): Promise<ProductRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const { price, ...rest } = input;
    return new ProductRepository(this.deps.prisma).create({
      organizationId,
      ...rest,
      priceAmount: price.amount,
      priceCurrency: price.currency,
    });
  }

  async update(viewer: Viewer, id: string, input: z.output<typeof updateProductInput>): Promise<ProductRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const { price, ...rest } = input;
    return this.deps.prisma.$transaction(async (tx) => {
      const products = new ProductRepository(tx);
      const [product] = await products.findByIds(organizationId, [id]);
      if (!product) throw notFound('Product', id);
      return products.update(product.id, {
        ...rest,
        ...(price ? { priceAmount: price.amount, priceCurrency: price.currency } : {}),
      });
    });
  }
}
