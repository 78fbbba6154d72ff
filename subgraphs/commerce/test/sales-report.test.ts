import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { Prisma } from '../src/generated/prisma/client.ts';
import { salesBucketsSql, topProductsSql } from '../src/sales/sales.repository.ts';
import { createProduct, idempotencyKey } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

// A known data set, placed through the API and then moved to fixed dates (orders are placed
// "now"), so every figure of the report is exact.
let stack: TestStack;
let db: PrismaClient;
let owner: Actor;
let buyer: Actor;
let member: Actor;
let other: Actor;
const products = { mug: '', poster: '' };

const ADD = graphql(`
  mutation SalesAdd($variantId: ID!, $quantity: Int!, $currency: String!) {
    addToCart(input: { variantId: $variantId, quantity: $quantity, currency: $currency }) {
      id
    }
  }
`);
const CHECKOUT = graphql(`
  mutation SalesCheckout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
      total {
        amount
      }
    }
  }
`);
const PAY = graphql(`
  mutation SalesPay($orderId: ID!) {
    payOrder(orderId: $orderId) {
      order {
        status
      }
    }
  }
`);
const REFUND = graphql(`
  mutation SalesRefund($id: ID!, $amount: Int!) {
    refundOrder(id: $id, amount: $amount) {
      status
    }
  }
`);
const REPORT = graphql(`
  query SalesReport($from: DateTime!, $to: DateTime!, $groupBy: SalesReportGrouping!, $currency: String!) {
    salesReport(from: $from, to: $to, groupBy: $groupBy, currency: $currency) {
      currency
      timeZone
      orders
      revenue {
        amount
        currency
      }
      averageOrderValue {
        amount
      }
      refunds {
        amount
      }
      netRevenue {
        amount
      }
      buckets {
        start
        end
        orders
        revenue {
          amount
        }
        averageOrderValue {
          amount
        }
        refunds {
          amount
        }
      }
      topProducts {
        productId
        productName
        product {
          name
        }
        quantity
        orders
        revenue {
          amount
          currency
        }
      }
    }
  }
`);

/** Buys `lines` as `actor` (paid unless `pay` is false) and moves the order to `placedAt`. */
async function order(
  actor: Actor,
  lines: { variantId: string; quantity: number }[],
  placedAt: string,
  { currency = 'GBP', pay = true }: { currency?: string; pay?: boolean } = {},
) {
  for (const line of lines) expectData(await actor.request(ADD, { ...line, currency }));
  const placed = expectData(await actor.request(CHECKOUT, { key: idempotencyKey() })).checkout;
  if (pay) expect(expectData(await actor.request(PAY, { orderId: placed.id })).payOrder.order.status).toBe('PAID');
  await db.order.update({ where: { id: placed.id }, data: { placedAt: new Date(placedAt) } });
  return placed.id;
}

/** Refunds `amount` of an order and moves the refund to `completedAt`. */
async function refund(orderId: string, amount: number, completedAt: string) {
  expectData(await owner.request(REFUND, { id: orderId, amount }));
  await db.refund.updateMany({ where: { orderId, amount }, data: { completedAt: new Date(completedAt) } });
}

const variantOf = async (name: string, prices: { amount: number; currency: string }[]) => {
  const product = await createProduct(owner, { name, variants: [{ title: 'Default', prices }] });
  return { productId: product.id, variantId: product.variants[0]!.id };
};

beforeAll(async () => {
  stack = await sharedTestStack();
  db = stack.prisma<PrismaClient>('commerce');
  owner = await stack.createOrganization();
  buyer = await stack.addMember(owner, 'MEMBER');
  member = await stack.addMember(owner, 'MEMBER');
  const mug = await variantOf('Mug', [
    { amount: 1000, currency: 'GBP' },
    { amount: 1200, currency: 'EUR' },
  ]);
  const poster = await variantOf('Poster', [{ amount: 2500, currency: 'GBP' }]);
  products.mug = mug.productId;
  products.poster = poster.productId;
  await order(buyer, [{ variantId: mug.variantId, quantity: 2 }], '2025-03-03T10:00:00Z');
  const partlyRefunded = await order(buyer, [{ variantId: poster.variantId, quantity: 1 }], '2025-03-04T23:30:00Z');
  const refunded = await order(
    member,
    [
      { variantId: mug.variantId, quantity: 1 },
      { variantId: poster.variantId, quantity: 1 },
    ],
    '2025-03-10T00:00:00Z',
  );
  await order(buyer, [{ variantId: mug.variantId, quantity: 1 }], '2025-03-12T08:00:00Z', { pay: false });
  await order(member, [{ variantId: mug.variantId, quantity: 1 }], '2025-03-05T12:00:00Z', { currency: 'EUR' });
  await order(buyer, [{ variantId: poster.variantId, quantity: 1 }], '2025-04-02T12:00:00Z');
  await refund(partlyRefunded, 500, '2025-03-10T09:00:00Z');
  await refund(refunded, 3500, '2025-03-11T12:00:00Z');

  // Another organization's sale on the same day, in the same currency: never in owner's report.
  other = await stack.createOrganization();
  const foreign = await createProduct(other, { variants: [{ title: 'Default', prices: [{ amount: 9900, currency: 'GBP' }] }] });
  await order(other, [{ variantId: foreign.variants[0]!.id, quantity: 1 }], '2025-03-03T11:00:00Z');
}, 120_000);

const zero = { amount: 0 };
const day = (date: string, orders: number, revenue: number, refunds: number) => ({
  start: `${date}T00:00:00.000Z`,
  end: new Date(new Date(`${date}T00:00:00.000Z`).getTime() + 86_400_000).toISOString(),
  orders,
  revenue: { amount: revenue },
  averageOrderValue: { amount: orders ? Math.round(revenue / orders) : 0 },
  refunds: { amount: refunds },
});

describe('salesReport', () => {
  it('sums paid orders per UTC day, refunds on the day they were made, and ranks the best sellers', async () => {
    const report = expectData(
      await owner.request(REPORT, { from: '2025-03-03T00:00:00Z', to: '2025-03-12T00:00:00Z', groupBy: 'DAY', currency: 'GBP' }),
    ).salesReport;
    expect(report).toMatchObject({
      currency: 'GBP',
      timeZone: 'UTC',
      orders: 3,
      revenue: { amount: 8000, currency: 'GBP' },
      averageOrderValue: { amount: 2667 },
      refunds: { amount: 4000 },
      netRevenue: { amount: 4000 },
    });
    expect(report.buckets).toEqual([
      day('2025-03-03', 1, 2000, 0),
      day('2025-03-04', 1, 2500, 0),
      day('2025-03-05', 0, 0, 0),
      day('2025-03-06', 0, 0, 0),
      day('2025-03-07', 0, 0, 0),
      day('2025-03-08', 0, 0, 0),
      day('2025-03-09', 0, 0, 0),
      day('2025-03-10', 1, 3500, 500),
      day('2025-03-11', 0, 0, 3500),
    ]);
    expect(report.topProducts).toEqual([
      {
        productId: products.poster,
        productName: 'Poster',
        product: { name: 'Poster' },
        quantity: 2,
        orders: 2,
        revenue: { amount: 5000, currency: 'GBP' },
      },
      {
        productId: products.mug,
        productName: 'Mug',
        product: { name: 'Mug' },
        quantity: 3,
        orders: 2,
        revenue: { amount: 3000, currency: 'GBP' },
      },
    ]);
  });

  it('groups by ISO week (Monday, UTC) and by month, cutting the first and last periods to the range', async () => {
    const weeks = expectData(
      await owner.request(REPORT, { from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z', groupBy: 'WEEK', currency: 'GBP' }),
    ).salesReport;
    expect(weeks.buckets.map((bucket) => [bucket.start, bucket.end, bucket.orders, bucket.revenue.amount, bucket.refunds.amount])).toEqual([
      ['2025-03-01T00:00:00.000Z', '2025-03-03T00:00:00.000Z', 0, 0, 0],
      ['2025-03-03T00:00:00.000Z', '2025-03-10T00:00:00.000Z', 2, 4500, 0],
      ['2025-03-10T00:00:00.000Z', '2025-03-17T00:00:00.000Z', 1, 3500, 4000],
      ['2025-03-17T00:00:00.000Z', '2025-03-24T00:00:00.000Z', 0, 0, 0],
      ['2025-03-24T00:00:00.000Z', '2025-03-31T00:00:00.000Z', 0, 0, 0],
      ['2025-03-31T00:00:00.000Z', '2025-04-01T00:00:00.000Z', 0, 0, 0],
    ]);
    const months = expectData(
      await owner.request(REPORT, { from: '2025-01-01T00:00:00Z', to: '2025-05-01T00:00:00Z', groupBy: 'MONTH', currency: 'GBP' }),
    ).salesReport;
    expect(months.buckets.map((bucket) => [bucket.start, bucket.orders, bucket.revenue.amount, bucket.refunds.amount])).toEqual([
      ['2025-01-01T00:00:00.000Z', 0, 0, 0],
      ['2025-02-01T00:00:00.000Z', 0, 0, 0],
      ['2025-03-01T00:00:00.000Z', 3, 8000, 4000],
      ['2025-04-01T00:00:00.000Z', 1, 2500, 0],
    ]);
    expect(months).toMatchObject({
      orders: 4,
      revenue: { amount: 10500 },
      averageOrderValue: { amount: 2625 },
      netRevenue: { amount: 6500 },
    });
  });

  it('counts only orders in the asked currency', async () => {
    const euros = expectData(
      await owner.request(REPORT, { from: '2025-03-03T00:00:00Z', to: '2025-03-12T00:00:00Z', groupBy: 'MONTH', currency: 'EUR' }),
    ).salesReport;
    expect(euros).toMatchObject({ currency: 'EUR', orders: 1, revenue: { amount: 1200, currency: 'EUR' }, refunds: zero });
    expect(euros.topProducts).toMatchObject([{ productId: products.mug, quantity: 1, revenue: { amount: 1200, currency: 'EUR' } }]);
  });

  it('shows each organization only its own sales, and admins only', async () => {
    const theirs = expectData(
      await other.request(REPORT, { from: '2025-03-03T00:00:00Z', to: '2025-03-12T00:00:00Z', groupBy: 'MONTH', currency: 'GBP' }),
    ).salesReport;
    expect(theirs).toMatchObject({ orders: 1, revenue: { amount: 9900 }, refunds: zero });
    expect(theirs.topProducts.map((product) => product.productId)).not.toContain(products.mug);

    const args = { from: '2025-03-03T00:00:00Z', to: '2025-03-12T00:00:00Z', groupBy: 'DAY' as const, currency: 'GBP' };
    expectErrorCode(await buyer.request(REPORT, args), 'FORBIDDEN');
    expectErrorCode(await stack.anonymous.request(REPORT, args), 'UNAUTHENTICATED');
  });

  it('refuses an unknown currency, an empty range and too many buckets, naming the argument', async () => {
    const base = { from: '2025-03-03T00:00:00Z', to: '2025-03-12T00:00:00Z', groupBy: 'DAY' as const, currency: 'GBP' };
    expect(expectErrorCode(await owner.request(REPORT, { ...base, currency: 'XYZ' }), 'BAD_USER_INPUT').message).toMatch(
      /currency: XYZ is not an ISO 4217 currency code/,
    );
    expect(expectErrorCode(await owner.request(REPORT, { ...base, to: base.from }), 'BAD_USER_INPUT').message).toMatch(
      /to: must be after from/,
    );
    expect(
      expectErrorCode(await owner.request(REPORT, { ...base, from: '2020-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }), 'BAD_USER_INPUT')
        .message,
    ).toMatch(/to: spans more than 1000 buckets of DAY/);
  });

  it('reads orders and refunds through their indexes (EXPLAIN), with other organizations’ orders in bulk beside them', async () => {
    // 20,000 paid orders and refunds of another organization: the planner picks the index over a scan of them.
    const noise = `noise-${Date.now()}`;
    await db.$executeRaw`
      INSERT INTO "Order" ("id", "organizationId", "number", "customerId", "status", "currency", "subtotal", "discountTotal", "taxTotal", "total", "idempotencyKey", "placedAt", "updatedAt")
      SELECT ${noise} || '-' || i, ${noise}, i, 'customer', 'PAID', 'GBP', 1000, 0, 0, 1000, 'key-' || i, timestamp '2025-03-01' + i * interval '1 minute', now()
      FROM generate_series(1, 20000) AS i`;
    await db.$executeRaw`
      INSERT INTO "Refund" ("id", "organizationId", "orderId", "amount", "currency", "status", "createdAt", "completedAt")
      SELECT ${noise} || '-refund-' || i, ${noise}, ${noise} || '-' || i, 100, 'GBP', 'SUCCEEDED', now(), timestamp '2025-03-01' + i * interval '1 minute'
      FROM generate_series(1, 20000) AS i`;
    await db.$executeRaw`ANALYZE "Order"`;
    await db.$executeRaw`ANALYZE "Refund"`;
    await db.$executeRaw`ANALYZE "OrderItem"`;
    const query = {
      organizationId: owner.organizationId,
      currency: 'GBP',
      from: new Date('2025-03-01T00:00:00Z'),
      to: new Date('2025-04-01T00:00:00Z'),
      unit: 'day' as const,
    };
    const plan = async (sql: Prisma.Sql) =>
      (await db.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${sql}`)).map((row) => row['QUERY PLAN']).join('\n');
    const buckets = await plan(salesBucketsSql(query));
    expect(buckets).toContain('Order_organizationId_currency_placedAt_idx');
    expect(buckets).toContain('Refund_organizationId_currency_completedAt_idx');
    expect(buckets).not.toMatch(/Seq Scan on "Order"/);
    const top = await plan(topProductsSql(query, 10));
    expect(top).toContain('Order_organizationId_currency_placedAt_idx');
    expect(top).not.toMatch(/Seq Scan on "Order"/);
    await db.refund.deleteMany({ where: { organizationId: noise } });
    await db.order.deleteMany({ where: { organizationId: noise } });
  });
});
