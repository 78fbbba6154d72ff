import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, ProductResolvers, QueryResolvers } from '../generated/graphql.ts';
import { createProductInput, productListArgs, updateProductInput } from './product.validation.ts';

export const productQueries: QueryResolvers = {
  products: (_, { activeOnly, ...page }, { viewer, services }) =>
    services.products.list(viewer, { ...parseInput(connectionArgsSchema, page), ...parseInput(productListArgs, { activeOnly }) }),
  product: (_, { id }, { viewer, services, loaders }) =>
    services.products.find(viewer, parseInput(idSchema, id), (productId) => loaders.productById.load(productId)),
};

export const productMutations: MutationResolvers = {
  createProduct: (_, { input }, { viewer, services }) => services.products.create(viewer, parseInput(createProductInput, input)),
  updateProduct: (_, { id, input }, { viewer, services }) =>
    services.products.update(viewer, parseInput(idSchema, id), parseInput(updateProductInput, input)),
};

export const Product: ProductResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.productById.load(reference.id),
  price: (product) => ({ amount: product.priceAmount, currency: product.priceCurrency }),
};
