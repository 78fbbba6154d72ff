import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { createProduct, idempotencyKey } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
let owner: Actor;
let buyer: Actor;
beforeAll(async () => {
  stack = await sharedTestStack();
  owner = await stack.createOrganization();
  buyer = await stack.addMember(owner, 'MEMBER');
});

const ADD = graphql(`
  mutation OrdersAdd($variantId: ID!, $quantity: Int!) {
    addToCart(input: { variantId: $variantId, quantity: $quantity, currency: "GBP" }) {
      id
    }
  }
`);
const CHECKOUT = graphql(`
  mutation OrdersCheckout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
      number
      status
    }
  }
`);
// The order fields the operations below spread; codegen appends the fragment to each of them.
graphql(`
  fragment OrdersOrder on Order {
    id
    number
    status
    customer {
      id
    }
    total {
      amount
    }
    refunded {
      amount
    }
    items {
      productName
      variantTitle
      unitPrice {
        amount
        currency
      }
      quantity
      lineTotal {
        amount
      }
      product {
        name
      }
    }
    transactions {
      kind
      amount {
        amount
      }
      fromStatus
      toStatus
      actor {
        id
      }
      note
    }
  }
`);
const PAY = graphql(`
  mutation OrdersPay($id: ID!) {
    markOrderPaid(id: $id, note: "cash at the desk") {
      ...OrdersOrder
    }
  }
`);
const FULFILL = graphql(`
  mutation OrdersFulfill($id: ID!) {
    fulfillOrder(id: $id) {
      status
    }
  }
`);
const CANCEL = graphql(`
  mutation OrdersCancel($id: ID!) {
    cancelOrder(id: $id, note: "changed my mind") {
      status
    }
  }
`);
const REFUND = graphql(`
  mutation OrdersRefund($id: ID!, $amount: Int!) {
    refundOrder(id: $id, amount: $amount) {
      ...OrdersOrder
    }
  }
`);
const ORDER = graphql(`
  query OrdersOne($id: ID!) {
    order(id: $id) {
      ...OrdersOrder
    }
  }
`);
const HISTORY = graphql(`
  query OrdersHistory($customerId: ID, $status: OrderStatus) {
    orders(customerId: $customerId, status: $status) {
      edges {
        node {
          number
        }
      }
    }
    me {
      orders {
        edges {
          node {
            number
          }
        }
      }
    }
  }
`);
const STOCK = graphql(`
  mutation OrdersStock($variantId: ID!) {
    adjustStock(variantId: $variantId, input: { quantity: 10, reason: RESTOCK }) {
      stockOnHand
    }
  }
`);
const RENAME = graphql(`
  mutation OrdersRename($id: ID!) {
    updateProduct(id: $id, input: { name: "Renamed" }) {
      id
    }
  }
`);
const DELETE = graphql(`
  mutation OrdersDelete($id: ID!) {
    deleteProduct(id: $id) {
      deleted
      product {
        status
      }
    }
  }
`);

async function placeOrder(actor: Actor, variantId: string, quantity = 2) {
  expectData(await actor.request(ADD, { variantId, quantity }));
  return expectData(await actor.request(CHECKOUT, { key: idempotencyKey() })).checkout;
}

describe('orders', () => {
  it('keeps name and price snapshots, moves through paid → fulfilled → partly and fully refunded, and records each step', async () => {
    const product = await createProduct(owner, { name: 'Bolster' });
    const order = await placeOrder(buyer, product.variants[0]!.id);
    expectData(await owner.request(RENAME, { id: product.id }));

    const paid = expectData(await owner.request(PAY, { id: order.id })).markOrderPaid;
    expect(paid).toMatchObject({
      status: 'PAID',
      customer: { id: buyer.userId },
      total: { amount: 2000 },
      items: [
        {
          productName: 'Bolster',
          variantTitle: 'Default',
          unitPrice: { amount: 1000, currency: 'GBP' },
          quantity: 2,
          lineTotal: { amount: 2000 },
          product: { name: 'Renamed' },
        },
      ],
    });
    expect(expectData(await owner.request(FULFILL, { id: order.id })).fulfillOrder.status).toBe('FULFILLED');
    expect(expectData(await owner.request(REFUND, { id: order.id, amount: 500 })).refundOrder).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunded: { amount: 500 },
    });
    const tooMuch = await owner.request(REFUND, { id: order.id, amount: 1600 });
    expect(expectErrorCode(tooMuch, 'BAD_USER_INPUT').message).toBe(`Order #${order.number} has £15.00 left to refund; £16.00 was asked`);
    const refunded = expectData(await owner.request(REFUND, { id: order.id, amount: 1500 })).refundOrder;
    expect(refunded.status).toBe('REFUNDED');
    expect(refunded.transactions.map((entry) => [entry.kind, entry.amount.amount, entry.fromStatus, entry.toStatus])).toEqual([
      ['PLACED', 2000, null, 'PENDING'],
      ['PAYMENT', 2000, 'PENDING', 'PAID'],
      ['FULFILLMENT', 0, 'PAID', 'FULFILLED'],
      ['REFUND', 500, 'FULFILLED', 'PARTIALLY_REFUNDED'],
      ['REFUND', 1500, 'PARTIALLY_REFUNDED', 'REFUNDED'],
    ]);
    expect(refunded.transactions[1]).toMatchObject({ actor: { id: owner.userId }, note: 'cash at the desk' });
    expect(expectData(await buyer.request(ORDER, { id: order.id })).order?.status).toBe('REFUNDED');
  });

  it('refuses illegal transitions with CONFLICT naming the current state, and cancelling puts stock back', async () => {
    const product = await createProduct(owner);
    const variantId = product.variants[0]!.id;
    expectData(await owner.request(STOCK, { variantId }));
    const order = await placeOrder(buyer, variantId, 3);
    expect(expectErrorCode(await owner.request(FULFILL, { id: order.id }), 'CONFLICT').message).toBe(
      `Order #${order.number} is PENDING: it cannot be fulfilled (only when PAID or PARTIALLY_REFUNDED)`,
    );
    expect(expectData(await owner.request(CANCEL, { id: order.id })).cancelOrder.status).toBe('CANCELLED');
    expect(expectErrorCode(await owner.request(PAY, { id: order.id }), 'CONFLICT').message).toBe(
      `Order #${order.number} is CANCELLED: it cannot be paid (only when PENDING)`,
    );
    expect(expectErrorCode(await owner.request(REFUND, { id: order.id, amount: 1 }), 'CONFLICT').message).toContain('is CANCELLED');
    expect(expectData(await owner.request(STOCK, { variantId })).adjustStock.stockOnHand).toBe(20);

    const paid = await placeOrder(buyer, variantId, 1);
    expectData(await owner.request(PAY, { id: paid.id }));
    expect(expectErrorCode(await owner.request(PAY, { id: paid.id }), 'CONFLICT').message).toBe(
      `Order #${paid.number} is PAID: it cannot be paid (only when PENDING)`,
    );
    expectErrorCode(await buyer.request(PAY, { id: paid.id }), 'FORBIDDEN');
  });

  it("shows members their own order history only, admins anyone's, and other organizations nothing", async () => {
    const product = await createProduct(owner);
    const other = await stack.addMember(owner, 'MEMBER');
    const mine = await placeOrder(other, product.variants[0]!.id, 1);
    const own = expectData(await other.request(HISTORY, {}));
    expect(own.orders.edges.map(({ node }) => node.number)).toEqual([mine.number]);
    expect(own.me?.orders?.edges.map(({ node }) => node.number)).toEqual([mine.number]);
    expectErrorCode(await other.request(HISTORY, { customerId: buyer.userId }), 'FORBIDDEN');
    expectErrorCode(await other.request(ORDER, { id: (await placeOrder(buyer, product.variants[0]!.id, 1)).id }), 'NOT_FOUND');
    const byAdmin = expectData(await owner.request(HISTORY, { customerId: other.userId, status: 'PENDING' }));
    expect(byAdmin.orders.edges.map(({ node }) => node.number)).toEqual([mine.number]);
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(ORDER, { id: mine.id }), 'NOT_FOUND');
  });

  it('archives instead of deleting a product that has orders, and deletes one that has none', async () => {
    const ordered = await createProduct(owner);
    await placeOrder(buyer, ordered.variants[0]!.id, 1);
    expect(expectData(await owner.request(DELETE, { id: ordered.id })).deleteProduct).toEqual({
      deleted: false,
      product: { status: 'ARCHIVED' },
    });
    const unordered = await createProduct(owner);
    expect(expectData(await owner.request(DELETE, { id: unordered.id })).deleteProduct).toEqual({ deleted: true, product: null });
  });
});
