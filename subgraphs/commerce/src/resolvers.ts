import { Cart, CartLine, cartMutations, cartQueries } from './cart/cart.resolvers.ts';
import { categoryMutations, categoryQueries } from './category/category.resolvers.ts';
import { Discount, discountMutations, discountQueries } from './discount/discount.resolvers.ts';
import {
  DownloadGrant,
  downloadMutations,
  downloadQueries,
  GrantedFile,
  orderDownloads,
  productDownloads,
  ProductDownloadStats,
} from './download/download.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';
import { membershipMutations, membershipQueries, TierMembership } from './membership/membership.resolvers.ts';
import { inventoryMutations, StockAdjustment, variantInventory } from './inventory/inventory.resolvers.ts';
import { Order, OrderItem, orderMutations, orderQueries, OrderTransaction } from './order/order.resolvers.ts';
import { orderPayments, Payment, paymentMutations } from './payment/payment.resolvers.ts';
import { Product, productMutations, productQueries } from './product/product.resolvers.ts';
import { SalesBucket, SalesReport, SalesReportProduct, salesQueries } from './sales/sales.resolvers.ts';
import { shopMutations, shopQueries } from './shop/shop.resolvers.ts';
import { MetricUsage, UsageRecord, usageMutations, usageQueries, UserUsage } from './usage/usage.resolvers.ts';
import { User } from './user/user.resolvers.ts';
import { Price, ProductVariant, variantMutations } from './variant/variant.resolvers.ts';

export const resolvers: Resolvers = {
  Query: {
    ...productQueries,
    ...categoryQueries,
    ...discountQueries,
    ...cartQueries,
    ...orderQueries,
    ...shopQueries,
    ...membershipQueries,
    ...downloadQueries,
    ...usageQueries,
    ...salesQueries,
  },
  Mutation: {
    ...productMutations,
    ...variantMutations,
    ...inventoryMutations,
    ...categoryMutations,
    ...discountMutations,
    ...cartMutations,
    ...orderMutations,
    ...paymentMutations,
    ...shopMutations,
    ...membershipMutations,
    ...downloadMutations,
    ...usageMutations,
  },
  Product: { ...Product, ...productDownloads },
  ProductVariant: { ...ProductVariant, ...variantInventory },
  StockAdjustment,
  Discount,
  Cart,
  CartLine,
  Order: { ...Order, ...orderPayments, ...orderDownloads },
  Payment,
  OrderItem,
  OrderTransaction,
  User,
  TierMembership,
  Price,
  DownloadGrant,
  GrantedFile,
  ProductDownloadStats,
  UsageRecord,
  MetricUsage,
  UserUsage,
  SalesReport,
  SalesBucket,
  SalesReportProduct,
};
