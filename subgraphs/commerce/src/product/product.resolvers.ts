import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, ProductResolvers, QueryResolvers } from '../generated/graphql.ts';
import { lowestBasePrice } from '../variant/pricing.ts';
import { createProductInput, productFilter, productPriceArgs, slugSchema, updateProductInput } from './product.validation.ts';

export const productQueries: QueryResolvers = {
  products: (_, { filter, ...page }, { viewer, services }) =>
    services.products.list(viewer, parseInput(connectionArgsSchema, page), parseInput(productFilter, filter)),
  product: (_, { id }, { viewer, services, loaders }) =>
    services.products.find(viewer, parseInput(idSchema, id), (productId) => loaders.productById.load(productId)),
  productBySlug: (_, { slug }, { viewer, services }) => services.products.findBySlug(viewer, parseInput(slugSchema, slug)),
};

export const productMutations: MutationResolvers = {
  createProduct: (_, { input }, { viewer, services }) => services.products.create(viewer, parseInput(createProductInput, input)),
  updateProduct: (_, { id, input }, { viewer, services }) =>
    services.products.update(viewer, parseInput(idSchema, id), parseInput(updateProductInput, input)),
  deleteProduct: (_, { id }, { viewer, services }) => services.products.delete(viewer, parseInput(idSchema, id)),
};

export const Product: ProductResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.productById.load(reference.id),
  categories: (product, _, { loaders }) => loaders.categoriesByProductId.load(product.id),
  variants: (product, _, { loaders }) => loaders.variantsByProductId.load(product.id),
  price: async (product, args, { loaders }) =>
    lowestBasePrice(await loaders.basePricesByProductId.load(product.id), parseInput(productPriceArgs, args).currency),
};
