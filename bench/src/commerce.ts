import { expectData, startTestStack, statementCounter, type Actor, type QueryEventSource } from '@plaza/testkit';
import {
  BENCH_ADD_TO_CART,
  BENCH_CHECKOUT,
  BENCH_CREATE_PRODUCT,
  BENCH_ORDER_PAGE,
  BENCH_PRODUCT_SEARCH,
  BENCH_RESTOCK,
  BENCH_SALES_REPORT,
} from './commerce-operations.ts';
import { durationsOf, percentile, timed } from './timing.ts';

/** The raw-SQL and query-event surface of commerce's Prisma client: the bench writes rows in bulk and counts statements. */
interface CommerceClient extends QueryEventSource {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

const BUYERS = 20;
const CHECKOUT_ROUNDS = Number(process.env.BENCH_CHECKOUT_ROUNDS ?? 5);
/** Orders behind the sales report (BENCH_SALES_ORDERS) and products behind catalog search (BENCH_CATALOG_PRODUCTS). */
const ORDERS = Number(process.env.BENCH_SALES_ORDERS ?? 100_000);
const PRODUCTS = Number(process.env.BENCH_CATALOG_PRODUCTS ?? 50_000);
const CHUNK = 5_000;
const RUNS = 20;

let sequence = 0;
async function createVariant(admin: Actor, stock: number): Promise<{ productId: string; variantId: string }> {
  const n = ++sequence;
  const product = expectData(
    await admin.request(BENCH_CREATE_PRODUCT, {
      input: {
        name: `Bench item ${n}`,
        variants: [{ title: 'Default', sku: `BENCH-${n}`, prices: [{ amount: 1000 + n, currency: 'GBP' }] }],
      },
    }),
  ).createProduct;
  const variantId = product.variants[0]!.id;
  expectData(await admin.request(BENCH_RESTOCK, { variantId, quantity: stock }));
  return { productId: product.id, variantId };
}

interface CheckoutFigures {
  label: string;
  checkouts: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** CHECKOUT_ROUNDS rounds of BUYERS concurrent checkouts (each buyer's cart filled first, not timed). */
async function measureCheckouts(label: string, buyers: Actor[], variantOf: (buyer: number) => string): Promise<CheckoutFigures> {
  const latencies: number[] = [];
  let elapsed = 0;
  for (let round = 0; round < CHECKOUT_ROUNDS; round++) {
    for (const [i, buyer] of buyers.entries()) expectData(await buyer.request(BENCH_ADD_TO_CART, { variantId: variantOf(i) }));
    const { ms } = await timed(() =>
      Promise.all(
        buyers.map(async (buyer, i) => {
          const { ms: latency } = await timed(async () =>
            expectData(await buyer.request(BENCH_CHECKOUT, { key: `bench-${label.replace(/\W+/g, '-')}-${round}-${i}` })),
          );
          latencies.push(latency);
        }),
      ),
    );
    elapsed += ms;
  }
  return {
    label,
    checkouts: latencies.length,
    perSecond: (latencies.length / elapsed) * 1000,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

const p50Of = async (run: () => Promise<unknown>) => percentile(await durationsOf(run, RUNS), 0.5);

export interface CommerceFigures {
  checkouts: CheckoutFigures[];
  salesReport: { orders: number; rows: { groupBy: string; buckets: number; p50: number }[]; indexUsed: boolean; plan: string };
  search: { products: number; rows: { query: string; matches: number; p50: number }[] };
  orderPage: { statements: Record<number, number> };
}

/** Orders over 2025 in bulk (SQL, not the API): one item each of one of `products`; every 20th refunded in part. */
async function seedOrders(
  db: CommerceClient,
  organizationId: string,
  customerId: string,
  products: { productId: string; variantId: string }[],
) {
  const productIds = products.map((product) => product.productId);
  const variantIds = products.map((product) => product.variantId);
  for (let from = 1; from <= ORDERS; from += CHUNK) {
    const to = Math.min(ORDERS, from + CHUNK - 1);
    await db.$executeRawUnsafe(
      `INSERT INTO "Order" ("id", "organizationId", "number", "customerId", "status", "currency", "subtotal", "discountTotal", "taxTotal", "total", "refundedTotal", "idempotencyKey", "placedAt", "updatedAt")
       SELECT 'bench-order-' || i, $1, 100000 + i, $2,
              (CASE WHEN i % 20 = 0 THEN 'PARTIALLY_REFUNDED' WHEN i % 7 = 0 THEN 'PENDING' ELSE 'PAID' END)::"OrderStatus",
              CASE WHEN i % 10 = 0 THEN 'EUR' ELSE 'GBP' END, 1000 + i % 5000, 0, 0, 1000 + i % 5000, CASE WHEN i % 20 = 0 THEN 500 ELSE 0 END,
              'bench-' || i, timestamp '2025-01-01' + (i * interval '315 seconds'), now()
       FROM generate_series(${from}, ${to}) AS i`,
      organizationId,
      customerId,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "OrderItem" ("id", "organizationId", "orderId", "productId", "variantId", "productName", "variantTitle", "unitPrice", "quantity", "lineTotal")
       SELECT 'bench-item-' || i, $1, 'bench-order-' || i, ($2::text[])[1 + i % ${products.length}], ($3::text[])[1 + i % ${products.length}],
              'Bench item ' || (1 + i % ${products.length}), 'Default', 1000 + i % 5000, 1, 1000 + i % 5000
       FROM generate_series(${from}, ${to}) AS i`,
      organizationId,
      productIds,
      variantIds,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Refund" ("id", "organizationId", "orderId", "amount", "currency", "status", "createdAt", "completedAt")
       SELECT 'bench-refund-' || i, $1, 'bench-order-' || i, 500, 'GBP', 'SUCCEEDED', now(), timestamp '2025-01-02' + (i * interval '315 seconds')
       FROM generate_series(${from}, ${to}) AS i WHERE i % 20 = 0 AND i % 10 <> 0`,
      organizationId,
    );
  }
  await db.$executeRawUnsafe('ANALYZE "Order"');
  await db.$executeRawUnsafe('ANALYZE "OrderItem"');
  await db.$executeRawUnsafe('ANALYZE "Refund"');
}

async function measureSalesReport(db: CommerceClient, owner: Actor, products: { productId: string; variantId: string }[]) {
  await seedOrders(db, owner.organizationId, owner.userId, products);
  const range = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };
  const rows = [];
  for (const groupBy of ['DAY', 'WEEK', 'MONTH'] as const) {
    let buckets = 0;
    const p50 = await p50Of(async () => {
      buckets = expectData(await owner.request(BENCH_SALES_REPORT, { ...range, groupBy })).salesReport.buckets.length;
    });
    rows.push({ groupBy, buckets, p50 });
  }
  // The plan of the bucket query, as the repository builds it (sales.repository.ts), on these rows.
  const explained = await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
    `EXPLAIN SELECT date_trunc('day', o."placedAt"), count(*), sum(o."total") FROM "Order" o
     WHERE o."organizationId" = $1 AND o."currency" = 'GBP' AND o."placedAt" >= '2025-01-01'::timestamp AND o."placedAt" < '2025-02-01'::timestamp
       AND o."status" IN ('PAID', 'FULFILLED', 'REFUNDED', 'PARTIALLY_REFUNDED') GROUP BY 1`,
    owner.organizationId,
  );
  const plan = explained.map((row) => row['QUERY PLAN']).join('\n');
  return { orders: ORDERS, rows, indexUsed: plan.includes('Order_organizationId_currency_placedAt_idx'), plan };
}

async function measureSearch(db: CommerceClient, admin: Actor) {
  // Names from a small vocabulary: "lantern" in one product of 1,000 (rare), "mug" in a fifth (common).
  const words = ['mug', 'poster', 'candle', 'notebook', 'scarf'];
  for (let from = 1; from <= PRODUCTS; from += CHUNK) {
    await db.$executeRawUnsafe(
      `INSERT INTO "Product" ("id", "organizationId", "name", "slug", "description", "updatedAt")
       SELECT 'bench-product-' || i, $1, initcap(($2::text[])[1 + i % 5]) || ' ' || i || CASE WHEN i % 1000 = 0 THEN ' lantern' ELSE '' END,
              'bench-product-' || i, 'A ' || ($2::text[])[1 + (i / 7) % 5] || ' for every day. ' || md5(i::text), now()
       FROM generate_series(${from}, ${Math.min(PRODUCTS, from + CHUNK - 1)}) AS i`,
      admin.organizationId,
      words,
    );
  }
  await db.$executeRawUnsafe('ANALYZE "Product"');
  const rows = [];
  for (const query of ['lantern', 'mug']) {
    let matches = 0;
    const p50 = await p50Of(async () => {
      matches = expectData(await admin.request(BENCH_PRODUCT_SEARCH, { query })).products.edges.length;
    });
    rows.push({ query, matches, p50 });
  }
  return { products: PRODUCTS, rows };
}

/** SQL statements commerce runs for one page of orders with their items and products, at two page sizes. */
async function countOrderPageStatements(db: CommerceClient, owner: Actor) {
  const measure = statementCounter(db);
  const counts: Record<number, number> = {};
  for (const first of [10, 50]) {
    const { result, statements } = await measure(async () => expectData(await owner.request(BENCH_ORDER_PAGE, { first })).orders);
    if (result.edges.length !== first) throw new Error(`expected a page of ${first} orders, got ${result.edges.length}`);
    counts[first] = statements;
  }
  return { statements: counts };
}

/** `pnpm --filter @plaza/bench bench:commerce`: checkout throughput, sales report, catalog search, SQL per order page. */
export async function measureCommerce(): Promise<CommerceFigures> {
  const stack = await startTestStack({ only: ['identity', 'commerce'] });
  try {
    const owner = await stack.createOrganization({ name: 'Commerce bench' });
    const buyers: Actor[] = [];
    for (let i = 0; i < BUYERS; i++) buyers.push(await stack.addMember(owner, 'MEMBER'));
    const hot = await createVariant(owner, BUYERS * CHECKOUT_ROUNDS);
    const spread: { productId: string; variantId: string }[] = [];
    for (let i = 0; i < BUYERS; i++) spread.push(await createVariant(owner, CHECKOUT_ROUNDS));
    const checkouts = [
      await measureCheckouts('one hot variant', buyers, () => hot.variantId),
      await measureCheckouts(`${BUYERS} different variants`, buyers, (i) => spread[i]!.variantId),
    ];
    const db = stack.prisma<CommerceClient>('commerce');
    const salesReport = await measureSalesReport(db, owner, spread);
    const orderPage = await countOrderPageStatements(db, owner);
    const catalog = await stack.createOrganization({ name: 'Catalog bench' });
    const search = await measureSearch(db, catalog);
    return { checkouts, salesReport, search, orderPage };
  } finally {
    await stack.stop();
  }
}

export function printCommerce(figures: CommerceFigures) {
  for (const row of figures.checkouts)
    console.log(
      `commerce checkout, ${BUYERS} buyers at once on ${row.label} (${row.checkouts} checkouts in ${CHECKOUT_ROUNDS} rounds): ` +
        `${row.perSecond.toFixed(1)} checkouts/s, p50 ${row.p50.toFixed(0)} ms, p99 ${row.p99.toFixed(0)} ms`,
    );
  console.log(
    `commerce salesReport over ${figures.salesReport.orders} orders (a year; index ${figures.salesReport.indexUsed ? 'used' : 'NOT used'} per EXPLAIN):`,
  );
  for (const row of figures.salesReport.rows) console.log(`  ${row.groupBy} (${row.buckets} buckets): p50 ${row.p50.toFixed(1)} ms`);
  if (!figures.salesReport.indexUsed) console.log(figures.salesReport.plan);
  console.log(`commerce catalog search over ${figures.search.products} products (first page of 20):`);
  for (const row of figures.search.rows) console.log(`  "${row.query}" (${row.matches} on the page): p50 ${row.p50.toFixed(1)} ms`);
  console.log(
    `commerce SQL statements for a page of orders with items and products: ${Object.entries(figures.orderPage.statements)
      .map(([first, count]) => `${first} orders → ${count}`)
      .join(', ')}`,
  );
}
