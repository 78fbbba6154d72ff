import { expectData, type Actor } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';
import type { CreateProductInput } from './graphql/graphql.ts';

/**
 * What several commerce test files build their cases from: products with variants through the
 * API, as an admin would.
 */

const CREATE_PRODUCT = graphql(`
  mutation FixturesCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      slug
      status
      variants {
        id
        sku
      }
    }
  }
`);

let sequence = 0;

/** A product of `admin`'s organization; by default one variant at 10.00 GBP with a unique SKU. */
export async function createProduct(admin: Actor, input: Partial<CreateProductInput> = {}) {
  const n = ++sequence;
  const defaults: CreateProductInput = {
    name: `Product ${n}`,
    variants: [{ title: 'Default', sku: `SKU-${Date.now().toString(36)}-${n}`, prices: [{ amount: 1000, currency: 'GBP' }] }],
  };
  return expectData(await admin.request(CREATE_PRODUCT, { input: { ...defaults, ...input } })).createProduct;
}

/** A checkout idempotency key no other test uses. */
export const idempotencyKey = () => `checkout-${Date.now().toString(36)}-${++sequence}`;
