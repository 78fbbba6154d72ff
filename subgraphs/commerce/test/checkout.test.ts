import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { createProduct, idempotencyKey } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const ADD = graphql(`
  mutation CheckoutAdd($input: AddToCartInput!) {
    addToCart(input: $input) {
      id
      currency
      lines {
        variant {
          id
        }
        productName
        quantity
        unitPrice {
          amount
        }
        lineTotal {
          amount
        }
        problem
      }
      discountCode
      automaticDiscount
      subtotal {
        amount
        currency
      }
      discount {
        amount
      }
      tax {
        amount
      }
      total {
        amount
      }
    }
  }
`);
const SET_QUANTITY = graphql(`
  mutation CheckoutSetQuantity($variantId: ID!, $quantity: Int!) {
    setCartItemQuantity(variantId: $variantId, quantity: $quantity) {
      lines {
        quantity
      }
      total {
        amount
      }
    }
  }
`);
const APPLY_CODE = graphql(`
  mutation CheckoutApplyCode($code: String!) {
    applyDiscountCode(code: $code) {
      discountCode
      discount {
        amount
      }
      total {
        amount
      }
    }
  }
`);
const CHECKOUT = graphql(`
  mutation CheckoutPlace($key: String!) {
    checkout(idempotencyKey: $key) {
      id
      number
      status
      total {
        amount
        currency
      }
      discountCode
      items {
        productName
        quantity
      }
    }
  }
`);
const CART = graphql(`
  query CheckoutCart {
    cart {
      id
    }
    me {
      cart {
        id
      }
    }
  }
`);
const ADJUST = graphql(`
  mutation CheckoutRestock($variantId: ID!, $quantity: Int!) {
    adjustStock(variantId: $variantId, input: { quantity: $quantity, reason: RESTOCK }) {
      stockOnHand
    }
  }
`);
const CREATE_DISCOUNT = graphql(`
  mutation CheckoutCreateDiscount($input: CreateDiscountInput!) {
    createDiscount(input: $input) {
      id
      timesUsed
    }
  }
`);
const TAX = graphql(`
  mutation CheckoutTax($bps: Int!) {
    updateShopSettings(taxRateBasisPoints: $bps) {
      taxRateBasisPoints
    }
  }
`);
const CREATE_CATEGORY = graphql(`
  mutation CheckoutCategory($name: String!) {
    createCategory(input: { name: $name }) {
      id
    }
  }
`);

/** `count` members of `owner`'s organization, each with `quantity` of the variant in a GBP cart. */
async function buyersWithCarts(owner: Actor, count: number, variantId: string, quantity = 1) {
  // A few sign-ups at a time: identity hashes each password, and a burst of 20 starves a busy machine.
  const buyers: Actor[] = [];
  while (buyers.length < count) {
    const batch = await Promise.all(Array.from({ length: Math.min(4, count - buyers.length) }, () => stack.addMember(owner, 'MEMBER')));
    buyers.push(...batch);
  }
  await Promise.all(buyers.map(async (buyer) => expectData(await buyer.request(ADD, { input: { variantId, quantity, currency: 'GBP' } }))));
  return buyers;
}

describe('carts', () => {
  it('prices the cart on the server: quantity breaks, the best automatic discount, a code, and the organization tax', async () => {
    const owner = await stack.createOrganization();
    const gear = expectData(await owner.request(CREATE_CATEGORY, { name: 'Gear' })).createCategory.id;
    const mat = await createProduct(owner, {
      name: 'Mat',
      categoryIds: [gear],
      variants: [
        {
          title: 'Blue',
          prices: [
            { amount: 5000, currency: 'GBP' },
            { amount: 4000, currency: 'GBP', minQuantity: 3 },
          ],
        },
      ],
    });
    const retreat = await createProduct(owner, { name: 'Retreat', variants: null, price: { amount: 30000, currency: 'GBP' } });
    const buyer = await stack.addMember(owner, 'MEMBER');
    const matVariant = mat.variants[0]!.id;

    let cart = expectData(await buyer.request(ADD, { input: { variantId: matVariant, quantity: 2, currency: 'GBP' } })).addToCart;
    expect(cart).toMatchObject({ currency: 'GBP', subtotal: { amount: 10000, currency: 'GBP' }, total: { amount: 10000 } });
    cart = expectData(await buyer.request(ADD, { input: { variantId: matVariant, currency: 'GBP' } })).addToCart;
    expect(cart.lines).toMatchObject([{ productName: 'Mat', quantity: 3, unitPrice: { amount: 4000 }, lineTotal: { amount: 12000 } }]);
    const again = expectData(await buyer.request(ADD, { input: { variantId: retreat.variants[0]!.id, currency: 'GBP' } })).addToCart;
    expect(again.id).toBe(cart.id);
    expect(again.subtotal.amount).toBe(42000);

    expectData(
      await owner.request(CREATE_DISCOUNT, { input: { name: 'Gear week', kind: 'PERCENTAGE', percentOff: 25, categoryIds: [gear] } }),
    );
    expectData(
      await owner.request(CREATE_DISCOUNT, {
        input: { code: 'TENOFF', name: 'Ten off', kind: 'FIXED_AMOUNT', amountOff: { amount: 1000, currency: 'GBP' } },
      }),
    );
    expectData(await owner.request(TAX, { bps: 2000 }));
    const withCode = expectData(await buyer.request(APPLY_CODE, { code: 'tenoff' })).applyDiscountCode;
    // 42000 - 3000 (25% of the mats) - 1000 (code) = 38000, + 20% tax = 45600.
    expect(withCode).toEqual({ discountCode: 'TENOFF', discount: { amount: 4000 }, total: { amount: 45600 } });

    const removed = expectData(await buyer.request(SET_QUANTITY, { variantId: matVariant, quantity: 0 })).setCartItemQuantity;
    expect(removed).toEqual({ lines: [{ quantity: 1 }], total: { amount: 34800 } });
    const carts = expectData(await buyer.request(CART));
    expect(carts).toEqual({ cart: { id: cart.id }, me: { cart: { id: cart.id } } });

    const order = expectData(await buyer.request(CHECKOUT, { key: idempotencyKey() })).checkout;
    expect(order).toMatchObject({
      status: 'PENDING',
      total: { amount: 34800, currency: 'GBP' },
      discountCode: 'TENOFF',
      items: [{ productName: 'Retreat', quantity: 1 }],
    });
    expect(expectData(await buyer.request(CART)).cart).toBeNull();
  });

  it('refuses bad cart input and an empty cart, naming the problem', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner);
    const variantId = product.variants[0]!.id;
    expect(
      expectErrorCode(await owner.request(ADD, { input: { variantId, quantity: 0, currency: 'GBP' } }), 'BAD_USER_INPUT').message,
    ).toBe('Invalid input: quantity: must be at least 1');
    expect(
      expectErrorCode(await owner.request(ADD, { input: { variantId, quantity: -2, currency: 'GBP' } }), 'BAD_USER_INPUT').message,
    ).toBe('Invalid input: quantity: must be at least 1');
    expectErrorCode(await owner.request(ADD, { input: { variantId, quantity: 1.5, currency: 'GBP' } }), 'BAD_USER_INPUT');
    expect(expectErrorCode(await owner.request(ADD, { input: { variantId, currency: 'USD' } }), 'BAD_USER_INPUT').message).toBe(
      `Variant ${product.variants[0]!.sku} has no price in USD`,
    );
    expect(expectErrorCode(await owner.request(ADD, { input: { variantId, currency: 'ABC' } }), 'BAD_USER_INPUT').message).toContain(
      'ABC is not an ISO 4217 currency code',
    );
    expect(expectErrorCode(await owner.request(CHECKOUT, { key: idempotencyKey() }), 'BAD_USER_INPUT').message).toBe(
      'Your cart is empty: add items before checking out',
    );
    expect(expectErrorCode(await owner.request(APPLY_CODE, { code: 'NOPE-NOPE' }), 'BAD_USER_INPUT').message).toBe(
      'Your cart is empty: add items before a discount code',
    );
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(ADD, { input: { variantId, currency: 'GBP' } }), 'NOT_FOUND');
  });
});

describe('checkout under concurrency', () => {
  it('sells the last 5 units to exactly 5 of 20 concurrent buyers; the other 15 get CONFLICT naming the variant and what is left', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner);
    const variant = product.variants[0]!;
    expectData(await owner.request(ADJUST, { variantId: variant.id, quantity: 5 }));
    const buyers = await buyersWithCarts(owner, 20, variant.id);

    const results = await Promise.all(buyers.map((buyer) => buyer.request(CHECKOUT, { key: idempotencyKey() })));
    const orders = results.filter((result) => !result.errors).map((result) => expectData(result).checkout);
    expect(orders).toHaveLength(5);
    const conflicts = results.filter((result) => result.errors).map((result) => expectErrorCode(result, 'CONFLICT').message);
    expect(conflicts).toEqual(Array.from({ length: 15 }, () => `Variant ${variant.sku} has 0 in stock, 1 requested`));
    // Order numbers come from a counter in the checkout transaction: failed checkouts leave no gaps.
    expect(orders.map((order) => order.number).toSorted((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    const commerce = stack.prisma<PrismaClient>('commerce');
    expect(await commerce.productVariant.findUnique({ where: { id: variant.id }, select: { stockOnHand: true } })).toEqual({
      stockOnHand: 0,
    });
  });

  it('returns the same order for the same idempotency key, even when sent concurrently', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner);
    const [buyer] = await buyersWithCarts(owner, 1, product.variants[0]!.id, 2);
    const sameKey = idempotencyKey();
    const results = await Promise.all(Array.from({ length: 5 }, () => buyer!.request(CHECKOUT, { key: sameKey })));
    const ids = new Set(results.map((result) => expectData(result).checkout.id));
    expect(ids.size).toBe(1);
    expect(expectData(await buyer!.request(CHECKOUT, { key: sameKey })).checkout.id).toBe([...ids][0]);
    const commerce = stack.prisma<PrismaClient>('commerce');
    expect(await commerce.order.count({ where: { organizationId: owner.organizationId } })).toBe(1);
  });

  it('counts code uses atomically: a code limited to 3 uses serves 3 of 8 concurrent checkouts, and once per customer', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner);
    const discount = expectData(
      await owner.request(CREATE_DISCOUNT, {
        input: { code: 'THREE', name: 'Three', kind: 'PERCENTAGE', percentOff: 10, usageLimit: 3, perCustomerLimit: 1 },
      }),
    ).createDiscount;
    const buyers = await buyersWithCarts(owner, 8, product.variants[0]!.id);
    for (const buyer of buyers) expectData(await buyer.request(APPLY_CODE, { code: 'THREE' }));

    const results = await Promise.all(buyers.map((buyer) => buyer.request(CHECKOUT, { key: idempotencyKey() })));
    expect(results.filter((result) => !result.errors).map((result) => expectData(result).checkout.total.amount)).toEqual([900, 900, 900]);
    const conflicts = results.filter((result) => result.errors).map((result) => expectErrorCode(result, 'CONFLICT').message);
    expect(conflicts).toEqual(Array.from({ length: 5 }, () => 'Discount code THREE has been used 3 times, its limit'));
    const commerce = stack.prisma<PrismaClient>('commerce');
    expect(await commerce.discount.findUnique({ where: { id: discount.id }, select: { timesUsed: true } })).toEqual({ timesUsed: 3 });

    const winner = buyers[results.findIndex((result) => !result.errors)]!;
    expectData(await winner.request(ADD, { input: { variantId: product.variants[0]!.id, currency: 'GBP' } }));
    expect(expectErrorCode(await winner.request(APPLY_CODE, { code: 'THREE' }), 'CONFLICT').message).toBe(
      'Discount code THREE has been used 3 times, its limit',
    );
  });
});
