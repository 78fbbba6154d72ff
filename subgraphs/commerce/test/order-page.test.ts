import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, sharedTestStack, statementCounter, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { createProduct } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
let db: PrismaClient<'query'>;
let owner: Actor;
beforeAll(async () => {
  stack = await sharedTestStack();
  db = stack.prisma<PrismaClient<'query'>>('commerce');
  owner = await stack.createOrganization();
});

const ORDER_PAGE = graphql(`
  query OrderPageStatements($first: Int!) {
    orders(first: $first) {
      edges {
        node {
          number
          total {
            amount
          }
          items {
            productName
            quantity
            lineTotal {
              amount
            }
            product {
              id
              name
            }
          }
        }
      }
    }
  }
`);

describe('a page of orders', () => {
  it('costs the same SQL statements for 10 orders as for 50, with their items and products', async () => {
    const products = [await createProduct(owner, { name: 'Kettle' }), await createProduct(owner, { name: 'Teapot' })];
    // Bulk fixtures: 50 orders of two lines each, written directly (the API's checkout is tested elsewhere).
    const orders = Array.from({ length: 50 }, (_, n) => ({
      id: `page-${owner.organizationId}-${String(n).padStart(2, '0')}`,
      organizationId: owner.organizationId,
      number: n + 1,
      customerId: owner.userId,
      currency: 'GBP',
      subtotal: 3000,
      discountTotal: 0,
      taxTotal: 0,
      total: 3000,
      idempotencyKey: `page-${n}`,
    }));
    await db.order.createMany({ data: orders });
    await db.orderItem.createMany({
      data: orders.flatMap((order) =>
        products.map((product, i) => ({
          organizationId: owner.organizationId,
          orderId: order.id,
          productId: product.id,
          variantId: product.variants[0]!.id,
          productName: i ? 'Teapot' : 'Kettle',
          variantTitle: 'Default',
          unitPrice: 1500,
          quantity: 1,
          lineTotal: 1500,
        })),
      ),
    });

    const count = statementCounter(db);
    const measure = async (first: number) => {
      const { result, statements, seen } = await count(async () => expectData(await owner.request(ORDER_PAGE, { first })).orders);
      return { page: result, statements, seen };
    };

    const ten = await measure(10);
    const fifty = await measure(50);
    expect(ten.page.edges).toHaveLength(10);
    expect(fifty.page.edges).toHaveLength(50);
    expect(fifty.page.edges[0]!.node.items.map((item) => item.product?.name).sort()).toEqual(['Kettle', 'Teapot']);
    console.info(`order page statements (commerce): 10 orders → ${ten.statements}, 50 orders → ${fifty.statements}`);
    expect(ten.statements).toBeGreaterThan(0);
    expect(fifty.statements, `statements seen:\n${JSON.stringify({ ten: ten.seen, fifty: fifty.seen }, null, 1)}`).toBe(ten.statements);
  });
});
