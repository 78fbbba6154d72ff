import { categoryMutations, categoryQueries } from './category/category.resolvers.ts';
import { Discount, discountMutations, discountQueries } from './discount/discount.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';
import { inventoryMutations, StockAdjustment, variantInventory } from './inventory/inventory.resolvers.ts';
import { Product, productMutations, productQueries } from './product/product.resolvers.ts';
import { Price, ProductVariant, variantMutations } from './variant/variant.resolvers.ts';

export const resolvers: Resolvers = {
  Query: { ...productQueries, ...categoryQueries, ...discountQueries },
  Mutation: { ...productMutations, ...variantMutations, ...inventoryMutations, ...categoryMutations, ...discountMutations },
  Product,
  ProductVariant: { ...ProductVariant, ...variantInventory },
  StockAdjustment,
  Discount,
  Price,
};
