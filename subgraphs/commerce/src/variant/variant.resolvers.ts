import { idSchema, notFound, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, PriceResolvers, ProductVariantResolvers } from '../generated/graphql.ts';
import { unitPriceOf } from './pricing.ts';
import { pricesSchema, storedOptions, unitPriceArgs, updateVariantInput, variantInput } from './variant.validation.ts';

export const variantMutations: MutationResolvers = {
  addVariant: (_, { productId, input }, { viewer, services }) =>
    services.variants.add(viewer, parseInput(idSchema, productId), parseInput(variantInput, input)),
  updateVariant: (_, { id, input }, { viewer, services }) =>
    services.variants.update(viewer, parseInput(idSchema, id), parseInput(updateVariantInput, input)),
  setVariantPrices: (_, { variantId, prices }, { viewer, services }) =>
    services.variants.setPrices(viewer, parseInput(idSchema, variantId), parseInput(pricesSchema, prices)),
};

export const ProductVariant: ProductVariantResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.variantById.load(reference.id),
  product: async (variant, _, { loaders }) =>
    (await loaders.productById.load(variant.productId)) ?? Promise.reject(notFound('Product', variant.productId)),
  options: (variant) => storedOptions.parse(variant.options),
  prices: (variant, _, { loaders }) => loaders.pricesByVariantId.load(variant.id),
  unitPrice: async (variant, args, { loaders }) => {
    const { currency, quantity } = parseInput(unitPriceArgs, args);
    const amount = unitPriceOf(await loaders.pricesByVariantId.load(variant.id), currency, quantity);
    return amount === null ? null : { amount, currency };
  },
};

export const Price: PriceResolvers = {
  amount: (price) => ({ amount: price.amount, currency: price.currency }),
  compareAt: (price) => (price.compareAtAmount === null ? null : { amount: price.compareAtAmount, currency: price.currency }),
};
