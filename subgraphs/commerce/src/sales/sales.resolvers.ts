import { parseInput } from '@plaza/subgraph-kit';
import type { QueryResolvers, SalesBucketResolvers, SalesReportProductResolvers, SalesReportResolvers } from '../generated/graphql.ts';
import { salesReportArgs } from './sales.validation.ts';

export const salesQueries: QueryResolvers = {
  salesReport: (_, args, { viewer, services }) => services.sales.report(viewer, parseInput(salesReportArgs, args)),
};

const money = (amount: number, currency: string) => ({ amount, currency });

const figureResolvers = {
  revenue: (figures: { revenue: number; currency: string }) => money(figures.revenue, figures.currency),
  averageOrderValue: (figures: { averageOrderValue: number; currency: string }) => money(figures.averageOrderValue, figures.currency),
  refunds: (figures: { refunds: number; currency: string }) => money(figures.refunds, figures.currency),
  netRevenue: (figures: { netRevenue: number; currency: string }) => money(figures.netRevenue, figures.currency),
};

export const SalesReport: SalesReportResolvers = { ...figureResolvers };

export const SalesBucket: SalesBucketResolvers = { ...figureResolvers };

export const SalesReportProduct: SalesReportProductResolvers = {
  product: (row, _, { loaders }) => loaders.productById.load(row.productId),
  revenue: (row) => money(row.revenue, row.currency),
};
