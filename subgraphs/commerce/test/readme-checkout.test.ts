import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, sharedTestStack, type Actor, type TestStack, type TypedDocument } from '@plaza/testkit';
import { createProduct } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

// The README's worked checkout, run as written: the operations between its readme-checkout
// markers, in order, on a shop set up like the demo's (a £55 mat, TENOFF: £10 off £50).
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = /<!-- readme-checkout:start -->([\s\S]*?)<!-- readme-checkout:end -->/.exec(readme)?.[1] ?? '';
const operations = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

type Untyped = TypedDocument<Record<string, unknown>, Record<string, unknown>>;

const CREATE_DISCOUNT = graphql(`
  mutation ReadmeTestCreateDiscount {
    createDiscount(
      input: {
        code: "TENOFF"
        name: "£10 off £50"
        kind: FIXED_AMOUNT
        amountOff: { amount: 1000, currency: "GBP" }
        minimumOrder: { amount: 5000, currency: "GBP" }
      }
    ) {
      id
    }
  }
`);

let stack: TestStack;
let buyer: Actor;
let variantId: string;
beforeAll(async () => {
  stack = await sharedTestStack();
  const owner = await stack.createOrganization();
  buyer = await stack.addMember(owner, 'MEMBER');
  const mat = await createProduct(owner, {
    name: 'Natural rubber yoga mat',
    variants: [{ title: 'Sunrise orange', sku: `MAT-ORANGE-${Date.now()}`, prices: [{ amount: 5500, currency: 'GBP' }] }],
  });
  variantId = mat.variants[0]!.id;
  expectData(await owner.request(CREATE_DISCOUNT));
});

describe("the README's checkout", () => {
  it('goes from cart to paid order with the operations the README shows, and the figures it states', async () => {
    expect(operations.map((operation) => /^mutation (\w+)/.exec(operation)?.[1])).toEqual([
      'ReadmeAddToCart',
      'ReadmeApplyCode',
      'ReadmeCheckout',
      'ReadmePay',
    ]);
    const [add, code, checkout, pay] = operations as [string, string, string, string];
    const run = async (operation: Untyped, variables: Record<string, unknown> = {}) =>
      expectData(await buyer.request(operation, variables));

    expect(await run(add, { variantId })).toEqual({
      addToCart: { subtotal: { amount: 11000, currency: 'GBP' }, total: { amount: 11000 } },
    });
    expect(await run(code)).toEqual({ applyDiscountCode: { discount: { amount: 1000 }, total: { amount: 10000 } } });
    const placed = (await run(checkout)) as { checkout: { id: string; number: number; status: string; total: unknown } };
    expect(placed.checkout).toMatchObject({ status: 'PENDING', total: { amount: 10000, currency: 'GBP' } });
    expect(await run(checkout)).toEqual(placed);
    expect(await run(pay, { orderId: placed.checkout.id })).toEqual({
      payOrder: { payment: { provider: 'TEST', status: 'SUCCEEDED', amount: { amount: 10000 } }, order: { status: 'PAID' } },
    });
  });
});
