import type { Viewer } from '@plaza/auth';
import { DomainError, isUniqueViolation, notFound, requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { ProductRecord } from '../product/product.repository.ts';
import type { CommerceRepositories } from '../repositories.ts';
import { isAdmin } from '../viewer.ts';
import type { PriceInput, updateVariantInput, VariantInput } from './variant.validation.ts';
import type { VariantRecord } from './variant.repository.ts';

const MAX_VARIANTS = 50;

/**
 * Refuses SKUs that are repeated in `inputs` (BAD_USER_INPUT) or already taken in the
 * organization (CONFLICT naming them); the unique index decides under a race. Call it before
 * the first write.
 */
export async function requireFreeSkus(
  repositories: Pick<CommerceRepositories, 'variants'>,
  organizationId: string,
  inputs: readonly { sku?: string | null }[],
): Promise<void> {
  const skus = inputs.flatMap((input) => (input.sku ? [input.sku] : []));
  const repeated = skus.filter((sku, index) => skus.indexOf(sku) !== index);
  if (repeated.length) throw new DomainError('BAD_USER_INPUT', `SKU ${repeated[0]} is given to more than one variant`, { field: 'sku' });
  const taken = skus.length ? await repositories.variants.takenSkus(organizationId, skus) : [];
  if (taken.length) throw skuConflict(taken);
}

/** Creates `inputs` as the product's next variants with their prices (SKUs checked by requireFreeSkus). */
export async function createVariants(
  repositories: Pick<CommerceRepositories, 'variants'>,
  product: Pick<ProductRecord, 'id' | 'organizationId'>,
  inputs: readonly VariantInput[],
  firstPosition: number,
): Promise<VariantRecord[]> {
  const created: VariantRecord[] = [];
  for (const [index, { prices, ...input }] of inputs.entries()) {
    const variant = await repositories.variants.create({
      ...input,
      organizationId: product.organizationId,
      productId: product.id,
      position: firstPosition + index,
    });
    await repositories.variants.replacePrices(variant, prices);
    created.push(variant);
  }
  return created;
}

const skuConflict = (skus: readonly string[]) =>
  new DomainError('CONFLICT', `SKU ${skus.join(', ')} is already taken in this organization`, { field: 'sku' });

/** Turns a lost race for a SKU into the CONFLICT the check before it would have given. */
export async function withSkuConflict<Result>(skus: readonly (string | null | undefined)[], work: () => Promise<Result>): Promise<Result> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, 'sku')) throw skuConflict(skus.filter((sku): sku is string => !!sku));
    throw error;
  }
}

/**
 * Variants are read with their product (a viewer who may not see the product may not see its
 * variants) and written by admins and owners.
 */
export class VariantService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories> }) {}

  /** Variants among `ids` whose products the viewer may see; the others are simply absent. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<VariantRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    const repositories = this.deps.data.repositories(viewer);
    const variants = await repositories.variants.findByIds(viewer.organizationId, ids);
    const products = await repositories.products.findByIds(viewer.organizationId, [
      ...new Set(variants.map((variant) => variant.productId)),
    ]);
    const admin = isAdmin(viewer);
    const visible = new Set(products.filter((product) => admin || product.status !== 'DRAFT').map((product) => product.id));
    return variants.filter((variant) => visible.has(variant.productId));
  }

  async add(viewer: Viewer, productId: string, input: VariantInput): Promise<VariantRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return withSkuConflict([input.sku], () =>
      this.deps.data.transaction(viewer, async (repositories) => {
        const [product] = await repositories.products.findByIds(organizationId, [productId]);
        if (!product) throw notFound('Product', productId);
        const count = await repositories.variants.countByProductId(organizationId, productId);
        if (count >= MAX_VARIANTS)
          throw new DomainError('CONFLICT', `Product ${productId} already has ${count} variants, the most allowed`, {
            limit: MAX_VARIANTS,
          });
        const [variant] = await createVariants(repositories, product, [input], count);
        return variant!;
      }),
    );
  }

  async update(viewer: Viewer, id: string, input: z.output<typeof updateVariantInput>): Promise<VariantRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return withSkuConflict([input.sku], () =>
      this.deps.data.transaction(viewer, async ({ variants }) => {
        const [variant] = await variants.findByIds(organizationId, [id]);
        if (!variant) throw notFound('ProductVariant', id);
        if (input.sku && variant.sku !== input.sku) await requireFreeSkus({ variants }, organizationId, [input]);
        return variants.update(id, input);
      }),
    );
  }

  async setPrices(viewer: Viewer, id: string, prices: readonly PriceInput[]): Promise<VariantRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ variants }) => {
      const [variant] = await variants.findByIds(organizationId, [id]);
      if (!variant) throw notFound('ProductVariant', id);
      await variants.replacePrices(variant, prices);
      return variant;
    });
  }
}
