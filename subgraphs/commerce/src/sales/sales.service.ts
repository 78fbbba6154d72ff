import type { Viewer } from '@plaza/auth';
import type { DataAccess } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import type { TopProductRow } from './sales.repository.ts';
import type { SalesReportArgs } from './sales.validation.ts';
import { requireAdminOrApiKey } from '../viewer.ts';

interface SalesFigures {
  orders: number;
  revenue: number;
  averageOrderValue: number;
  refunds: number;
  netRevenue: number;
  currency: string;
}

export interface SalesBucket extends SalesFigures {
  start: Date;
  end: Date;
}

/** A best seller, with the report's currency for its revenue. */
export type SalesReportProduct = TopProductRow & { currency: string };

export interface SalesReport extends SalesFigures {
  from: Date;
  to: Date;
  groupBy: SalesReportArgs['groupBy'];
  timeZone: 'UTC';
  buckets: SalesBucket[];
  topProducts: SalesReportProduct[];
}

const UNITS = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;

function figures(orders: number, revenue: number, refunds: number, currency: string): SalesFigures {
  return {
    orders,
    revenue,
    refunds,
    netRevenue: revenue - refunds,
    averageOrderValue: orders ? Math.round(revenue / orders) : 0,
    currency,
  };
}

/** The period after the one starting at `start`, in UTC. */
function nextStart(start: Date, groupBy: SalesReportArgs['groupBy']): Date {
  const next = new Date(start);
  if (groupBy === 'DAY') next.setUTCDate(next.getUTCDate() + 1);
  else if (groupBy === 'WEEK') next.setUTCDate(next.getUTCDate() + 7);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
}

/**
 * Sales reports for admins. The database aggregates (date_trunc per period, sums, best sellers)
 * over indexed range scans; this service only cuts the first and last periods to the range and
 * derives totals and averages. Periods are UTC: commerce has no organization time zone of its own
 * (identity owns organizations), and UTC periods compare across organizations and over DST changes.
 */
export class SalesService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories> }) {}

  async report(viewer: Viewer, args: SalesReportArgs): Promise<SalesReport> {
    const admin = requireAdminOrApiKey(viewer);
    const query = {
      organizationId: admin.organizationId,
      currency: args.currency,
      from: args.from,
      to: args.to,
      unit: UNITS[args.groupBy],
    };
    const sales = this.deps.data.repositories(viewer).sales;
    const [rows, top] = await Promise.all([sales.buckets(query), sales.topProducts(query, args.topProducts)]);
    const buckets = rows.map((row) => ({
      ...figures(row.orders, row.revenue, row.refunds, args.currency),
      start: row.start < args.from ? args.from : row.start,
      end: new Date(Math.min(nextStart(row.start, args.groupBy).getTime(), args.to.getTime())),
    }));
    const sum = (pick: (bucket: SalesBucket) => number) => buckets.reduce((total, bucket) => total + pick(bucket), 0);
    return {
      ...figures(
        sum((bucket) => bucket.orders),
        sum((bucket) => bucket.revenue),
        sum((bucket) => bucket.refunds),
        args.currency,
      ),
      from: args.from,
      to: args.to,
      groupBy: args.groupBy,
      timeZone: 'UTC',
      buckets,
      topProducts: top.map((product) => ({ ...product, currency: args.currency })),
    };
  }
}
