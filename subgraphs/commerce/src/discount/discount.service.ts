import type { Viewer } from '@plaza/auth';
import { DomainError, isUniqueViolation, notFound, requireRole, type ConnectionArgs, type DataAccess } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import { beforeIdOf, newestFirst } from '../viewer.ts';
import type { DiscountRecord } from './discount.repository.ts';
import type { CreateDiscountInput } from './discount.validation.ts';

/** Discounts are set up by admins and owners; buyers use them through their cart (cart.service.ts). */
export class DiscountService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories> }) {}

  async list(viewer: Viewer, args: ConnectionArgs) {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const rows = await this.deps.data
      .repositories(viewer)
      .discounts.list(organizationId, { beforeId: beforeIdOf(args), take: args.first + 1 });
    return newestFirst(rows, args);
  }

  async create(viewer: Viewer, input: CreateDiscountInput): Promise<DiscountRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    try {
      return await this.deps.data.transaction(viewer, async ({ discounts, products, categories }) => {
        if (input.code && (await discounts.findByCode(organizationId, input.code))) throw codeConflict(input.code);
        const foundProducts = new Set((await products.findByIds(organizationId, input.productIds)).map((product) => product.id));
        const missingProduct = input.productIds.find((id) => !foundProducts.has(id));
        if (missingProduct) throw notFound('Product', missingProduct);
        const foundCategories = new Set((await categories.findByIds(organizationId, input.categoryIds)).map((category) => category.id));
        const missingCategory = input.categoryIds.find((id) => !foundCategories.has(id));
        if (missingCategory) throw notFound('Category', missingCategory);
        return discounts.create({ organizationId, active: true, ...input });
      });
    } catch (error) {
      if (input.code && isUniqueViolation(error, 'code')) throw codeConflict(input.code);
      throw error;
    }
  }

  async setActive(viewer: Viewer, id: string, active: boolean): Promise<DiscountRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ discounts }) => {
      const [discount] = await discounts.findByIds(organizationId, [id]);
      if (!discount) throw notFound('Discount', id);
      return discounts.setActive(id, active);
    });
  }
}

const codeConflict = (code: string) => new DomainError('CONFLICT', `Discount code ${code} already exists`, { field: 'code' });
