import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { createProduct } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
let owner: Actor;
beforeAll(async () => {
  stack = await sharedTestStack();
  owner = await stack.createOrganization();
});

const ADJUST = graphql(`
  mutation InventoryAdjust($variantId: ID!, $input: AdjustStockInput!) {
    adjustStock(variantId: $variantId, input: $input) {
      id
      stockOnHand
    }
  }
`);
const THRESHOLD = graphql(`
  mutation InventoryThreshold($variantId: ID!, $threshold: Int) {
    setLowStockThreshold(variantId: $variantId, threshold: $threshold) {
      lowStockThreshold
    }
  }
`);
const LEDGER = graphql(`
  query InventoryLedger($id: ID!) {
    product(id: $id) {
      variants {
        stockOnHand
        stockAdjustments(first: 50) {
          edges {
            node {
              quantity
              stockAfter
              reason
              note
              actor {
                id
              }
            }
          }
        }
      }
    }
  }
`);

const lowStockEvents = async (variantId: string) =>
  (await stack.recordedEvents('commerce', { type: 'commerce.stock.low', subjectId: variantId }))
    .filter((event): event is DomainEvent<'commerce.stock.low'> => event.type === 'commerce.stock.low')
    .map((event) => event.payload);

describe('inventory', () => {
  it('never takes stock below zero: of 20 concurrent removals of the last 5 units, 5 succeed and 15 get CONFLICT', async () => {
    const product = await createProduct(owner);
    const variant = product.variants[0]!;
    expect(
      expectData(await owner.request(ADJUST, { variantId: variant.id, input: { quantity: 5, reason: 'RESTOCK' } })).adjustStock.stockOnHand,
    ).toBe(5);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => owner.request(ADJUST, { variantId: variant.id, input: { quantity: -1, reason: 'DAMAGE' } })),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(5);
    const conflicts = results.filter((result) => result.errors);
    expect(conflicts).toHaveLength(15);
    for (const conflict of conflicts)
      expect(expectErrorCode(conflict, 'CONFLICT').message).toBe(`Variant ${variant.sku} has 0 in stock, 1 requested`);

    const [row] = expectData(await owner.request(LEDGER, { id: product.id })).product.variants;
    expect(row!.stockOnHand).toBe(0);
    expect(row!.stockAdjustments.edges.map(({ node }) => [node.reason, node.quantity, node.stockAfter])).toEqual([
      ['DAMAGE', -1, 0],
      ['DAMAGE', -1, 1],
      ['DAMAGE', -1, 2],
      ['DAMAGE', -1, 3],
      ['DAMAGE', -1, 4],
      ['RESTOCK', 5, 5],
    ]);
    expect(row!.stockAdjustments.edges[0]!.node.actor).toEqual({ id: owner.userId });
  });

  it('raises one low-stock event per crossing of the threshold', async () => {
    const product = await createProduct(owner);
    const variantId = product.variants[0]!.id;
    const adjust = async (quantity: number) =>
      expectData(
        await owner.request(ADJUST, { variantId, input: { quantity, reason: quantity > 0 ? 'RESTOCK' : 'CORRECTION', note: 'count' } }),
      );
    await adjust(10);
    expect(expectData(await owner.request(THRESHOLD, { variantId, threshold: 3 })).setLowStockThreshold.lowStockThreshold).toBe(3);
    for (const quantity of [-6, -1, -1, -1]) await adjust(quantity);
    expect(await lowStockEvents(variantId)).toEqual([
      { variantId, productId: product.id, sku: product.variants[0]!.sku, stockOnHand: 3, threshold: 3 },
    ]);
    await adjust(7);
    await adjust(-8);
    expect((await lowStockEvents(variantId)).map((event) => event.stockOnHand)).toEqual([3, 0]);
  });

  it('shows members the stock but not the ledger, and lets only admins change it', async () => {
    const product = await createProduct(owner);
    const variantId = product.variants[0]!.id;
    const member = await stack.addMember(owner, 'MEMBER');
    expectErrorCode(await member.request(ADJUST, { variantId, input: { quantity: 5, reason: 'RESTOCK' } }), 'FORBIDDEN');
    expectErrorCode(await member.request(LEDGER, { id: product.id }), 'FORBIDDEN');
    const bad = await owner.request(ADJUST, { variantId, input: { quantity: -2, reason: 'RESTOCK' } });
    expect(expectErrorCode(bad, 'BAD_USER_INPUT').message).toBe('Invalid input: quantity: RESTOCK must add units (a positive quantity)');
  });
});
