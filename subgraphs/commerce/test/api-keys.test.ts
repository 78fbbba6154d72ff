import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { createProduct, idempotencyKey } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';
import type { ApiKeyScope } from './graphql/graphql.ts';

// Integrations (accounting, stock sync) reach commerce with an organization's API key, through
// the gateway: commerce:read opens the whole organization's orders, stock ledger and sales
// report; commerce:write the stock; anything acting as a person stays closed to keys.

const CREATE_API_KEY = graphql(`
  mutation CommerceKeysCreate($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
    }
  }
`);
const ADD = graphql(`
  mutation CommerceKeysAdd($variantId: ID!) {
    addToCart(input: { variantId: $variantId, currency: "GBP" }) {
      id
    }
  }
`);
const CHECKOUT = graphql(`
  mutation CommerceKeysCheckout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
    }
  }
`);
const PAY = graphql(`
  mutation CommerceKeysPay($orderId: ID!) {
    payOrder(orderId: $orderId) {
      order {
        status
      }
    }
  }
`);
const ORDERS = graphql(`
  query CommerceKeysOrders {
    orders(first: 50) {
      edges {
        node {
          id
          status
          customer {
            id
          }
        }
      }
    }
  }
`);
const ORDER = graphql(`
  query CommerceKeysOrder($id: ID!) {
    order(id: $id) {
      id
      total {
        amount
      }
    }
  }
`);
const SALES = graphql(`
  query CommerceKeysSales($from: DateTime!, $to: DateTime!) {
    salesReport(from: $from, to: $to, groupBy: DAY, currency: "GBP") {
      orders
      revenue {
        amount
      }
    }
  }
`);
const ADJUST = graphql(`
  mutation CommerceKeysAdjust($variantId: ID!) {
    adjustStock(variantId: $variantId, input: { quantity: 25, reason: RESTOCK, note: "Warehouse sync" }) {
      stockOnHand
      stockAdjustments(first: 5) {
        edges {
          node {
            quantity
            note
            actor {
              id
            }
          }
        }
      }
    }
  }
`);

let stack: TestStack;
let owner: Actor;
let buyer: Actor;
let otherOwner: Actor;
beforeAll(async () => {
  stack = await sharedTestStack();
  owner = await stack.createOrganization();
  buyer = await stack.addMember(owner, 'MEMBER');
  otherOwner = await stack.createOrganization();
});

async function keyOf(admin: Actor, scopes: ApiKeyScope[]) {
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  const { key } = expectData(
    await admin.request(CREATE_API_KEY, { input: { name: `Commerce ${scopes.join(' ')}`, scopes, expiresAt } }),
  ).createApiKey;
  return createClient(stack.url, key);
}

async function paidOrder() {
  const product = await createProduct(owner);
  expectData(await buyer.request(ADD, { variantId: product.variants[0]!.id }));
  const order = expectData(await buyer.request(CHECKOUT, { key: idempotencyKey() })).checkout;
  expect(expectData(await buyer.request(PAY, { orderId: order.id })).payOrder.order.status).toBe('PAID');
  return { orderId: order.id, variantId: product.variants[0]!.id };
}

describe('commerce through API keys', () => {
  it("reads the organization's orders and sales with commerce:read, and nothing of another organization", async () => {
    const { orderId } = await paidOrder();
    const reader = await keyOf(owner, ['COMMERCE_READ']);
    const orders = expectData(await reader.request(ORDERS)).orders.edges.map((edge) => edge.node);
    expect(orders).toContainEqual({ id: orderId, status: 'PAID', customer: { id: buyer.userId } });
    expect(expectData(await reader.request(ORDER, { id: orderId })).order).toEqual({ id: orderId, total: { amount: 1000 } });
    const day = 86_400_000;
    const sales = expectData(
      await reader.request(SALES, { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() }),
    ).salesReport;
    expect(sales.orders).toBeGreaterThanOrEqual(1);
    expect(sales.revenue.amount).toBeGreaterThanOrEqual(1000);

    // Another organization's key sees none of it.
    const stranger = await keyOf(otherOwner, ['COMMERCE_READ']);
    expect(expectData(await stranger.request(ORDERS)).orders.edges).toEqual([]);
    expectErrorCode(await stranger.request(ORDER, { id: orderId }), 'NOT_FOUND');
  });

  it('changes stock with commerce:write only, recording no user as the actor; refuses other scopes naming the missing one', async () => {
    const { variantId } = await paidOrder();
    const reader = await keyOf(owner, ['COMMERCE_READ']);
    expect(expectErrorCode(await reader.request(ADJUST, { variantId }), 'FORBIDDEN').extensions).toMatchObject({
      requiredScope: 'commerce:write',
    });
    const community = await keyOf(owner, ['COMMUNITY_READ']);
    expect(expectErrorCode(await community.request(ORDERS), 'FORBIDDEN').extensions).toMatchObject({ requiredScope: 'commerce:read' });

    const sync = await keyOf(owner, ['COMMERCE_READ', 'COMMERCE_WRITE']);
    const variant = expectData(await sync.request(ADJUST, { variantId })).adjustStock;
    expect(variant.stockOnHand).toBe(25);
    expect(variant.stockAdjustments.edges[0]?.node).toEqual({ quantity: 25, note: 'Warehouse sync', actor: null });
    // A key shops for nobody: acting as a customer needs a user.
    const refused = expectErrorCode(await sync.request(ADD, { variantId }), 'FORBIDDEN');
    expect(refused.message).toMatch(/acts for no user/);
  });
});
