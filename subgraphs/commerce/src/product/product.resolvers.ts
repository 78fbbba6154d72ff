import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommerceContext } from '../context.ts';
import type { Money } from '../money/money.ts';
import type { ProductRecord } from './product.repository.ts';
import { createProductInput, productListArgs, updateProductInput } from './product.validation.ts';

type ListArgs = { first?: number; after?: string; activeOnly?: boolean };

export const productQueries = {
  products: (_: unknown, { activeOnly, ...page }: ListArgs, { viewer, services }: CommerceContext) =>
    services.products.list(viewer, { ...parseInput(connectionArgsSchema, page), ...parseInput(productListArgs, { activeOnly }) }),
  product: (_: unknown, args: { id: string }, { viewer, services, loaders }: CommerceContext) =>
    services.products.find(viewer, parseInput(idSchema, args.id), (id) => loaders.productById.load(id)),
};

export const productMutations = {
  createProduct: (_: unknown, args: { input: unknown }, { viewer, services }: CommerceContext) =>
    services.products.create(viewer, parseInput(createProductInput, args.input)),
  updateProduct: (_: unknown, args: { id: string; input: unknown }, { viewer, services }: CommerceContext) =>
    services.products.update(viewer, parseInput(idSchema, args.id), parseInput(updateProductInput, args.input)),
};

export const Product = {
  __resolveReference: (reference: { id: string }, { loaders }: CommerceContext) => loaders.productById.load(reference.id),
  price: (product: ProductRecord): Money => ({ amount: product.priceAmount, currency: product.priceCurrency }),
};
