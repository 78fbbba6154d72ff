import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { createProduct } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const PRODUCT = graphql(`
  query AccessProduct($id: ID!) {
    product(id: $id) {
      id
      name
    }
  }
`);
const PRODUCTS = graphql(`
  query AccessProducts {
    products {
      edges {
        node {
          id
        }
      }
    }
  }
`);
const UPDATE_PRODUCT = graphql(`
  mutation AccessUpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) {
      id
    }
  }
`);
const ACROSS_SUBGRAPHS = graphql(`
  query AccessAcrossSubgraphs {
    organization {
      name
    }
    me {
      id
    }
    products {
      edges {
        node {
          id
          price {
            amount
            currency
          }
        }
      }
    }
  }
`);

describe('access', () => {
  it('refuses anonymous requests with UNAUTHENTICATED', async () => {
    expectErrorCode(await stack.anonymous.request(PRODUCTS), 'UNAUTHENTICATED');
  });

  it('shows another organization nothing of the first, by list or by id, and lets it change nothing', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner);
    const stranger = await stack.createOrganization();

    expect(expectData(await stranger.request(PRODUCTS)).products.edges).toEqual([]);
    expectErrorCode(await stranger.request(PRODUCT, { id: product.id }), 'NOT_FOUND');
    const write = expectErrorCode(await stranger.request(UPDATE_PRODUCT, { id: product.id, input: { name: 'Mine now' } }), 'NOT_FOUND');
    expect(write.message).toContain(product.id);
    expect(expectData(await owner.request(PRODUCT, { id: product.id })).product?.name).not.toBe('Mine now');
  });

  it('resolves Product and ProductVariant references only within the viewer organization (federation entity lookup)', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner);
    const variantId = product.variants[0]!.id;
    const stranger = await stack.createOrganization();
    const entities = async (actor: Actor) => {
      const headers = await stack.subgraphHeadersFor({ userId: actor.userId, organizationId: actor.organizationId, role: 'OWNER' });
      const subgraph = createClient(stack.running.subgraphs.commerce!.server.url, undefined, headers);
      // _entities exists on the subgraph only, not in the API schema the typed documents are checked against.
      const response = await subgraph.requestUntyped(
        `query ProductsEntities($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id } ... on ProductVariant { id } } }`,
        {
          reps: [
            { __typename: 'Product', id: product.id },
            { __typename: 'Product', id: 'missing' },
            { __typename: 'ProductVariant', id: variantId },
          ],
        },
      );
      return expectData(response)._entities;
    };
    expect(await entities(owner)).toEqual([{ id: product.id }, null, { id: variantId }]);
    expect(await entities(stranger)).toEqual([null, null, null]);
  });

  it('answers a query that spans identity and commerce through the gateway', async () => {
    const owner = await stack.createOrganization({ name: 'Cross Graph Yoga' });
    const product = await createProduct(owner);
    expect(expectData(await owner.request(ACROSS_SUBGRAPHS))).toEqual({
      organization: { name: 'Cross Graph Yoga' },
      me: { id: owner.userId },
      products: { edges: [{ node: { id: product.id, price: { amount: 1000, currency: 'GBP' } } }] },
    });
  });
});

describe('member directory', () => {
  it('refuses a removed member even on a viewer assertion signed before the removal', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'ADMIN');
    const headers = await stack.subgraphHeadersFor({ userId: member.userId, organizationId: member.organizationId, role: 'ADMIN' });
    const commerce = createClient(stack.running.subgraphs.commerce!.server.url, undefined, headers);
    expect(expectData(await commerce.request(PRODUCTS, {})).products.edges).toEqual([]);

    await stack.removeMember(owner, member.userId);
    const refused = await commerce.request(PRODUCTS, {});
    expectErrorCode(refused, 'FORBIDDEN');
    expect(refused.errors?.[0]?.message).toBe(`Your membership of organization ${member.organizationId} has ended`);
  });
});
