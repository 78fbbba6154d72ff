import type { TypedDocument } from '@plaza/testkit';

// Commerce's operations of the benchmarks, typed by hand with what they select (see operations.ts).

type Money = { amount: number; currency: string };

export const BENCH_CREATE_PRODUCT: TypedDocument<
  { createProduct: { id: string; variants: { id: string }[] } },
  { input: { name: string; variants: { title: string; sku: string; prices: Money[] }[] } }
> = 'mutation BenchCreateProduct($input: CreateProductInput!) { createProduct(input: $input) { id variants { id } } }';

export const BENCH_RESTOCK: TypedDocument<{ adjustStock: { stockOnHand: number | null } }, { variantId: string; quantity: number }> =
  'mutation BenchRestock($variantId: ID!, $quantity: Int!) { adjustStock(variantId: $variantId, input: { quantity: $quantity, reason: RESTOCK }) { stockOnHand } }';

export const BENCH_ADD_TO_CART: TypedDocument<{ addToCart: { id: string } }, { variantId: string }> =
  'mutation BenchAddToCart($variantId: ID!) { addToCart(input: { variantId: $variantId, currency: "GBP" }) { id } }';

export const BENCH_CHECKOUT: TypedDocument<{ checkout: { id: string } }, { key: string }> =
  'mutation BenchCheckout($key: String!) { checkout(idempotencyKey: $key) { id } }';

export const BENCH_SALES_REPORT: TypedDocument<
  { salesReport: { orders: number; revenue: Money; refunds: Money; buckets: { orders: number }[]; topProducts: { productId: string }[] } },
  { from: string; to: string; groupBy: 'DAY' | 'WEEK' | 'MONTH' }
> = `query BenchSalesReport($from: DateTime!, $to: DateTime!, $groupBy: SalesReportGrouping!) {
  salesReport(from: $from, to: $to, groupBy: $groupBy, currency: "GBP") {
    orders revenue { amount currency } refunds { amount currency } buckets { orders } topProducts { productId }
  }
}`;

export const BENCH_PRODUCT_SEARCH: TypedDocument<{ products: { edges: { node: { id: string } }[] } }, { query: string }> =
  'query BenchProductSearch($query: String!) { products(first: 20, filter: { query: $query }) { edges { node { id } } } }';

export const BENCH_ORDER_PAGE: TypedDocument<
  { orders: { edges: { node: { number: number; items: { productName: string; product: { name: string } | null }[] } }[] } },
  { first: number }
> = `query BenchOrderPage($first: Int!) {
  orders(first: $first) { edges { node { number total { amount } items { productName quantity lineTotal { amount } product { name } } } } }
}`;
