import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';
import type { CreateProductInput, ProductsPageQuery } from './graphql/graphql.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE_PRODUCT = graphql(`
  mutation ProductsCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      name
      description
      price {
        amount
        currency
      }
      active
      createdAt
      updatedAt
    }
  }
`);
const UPDATE_PRODUCT = graphql(`
  mutation ProductsUpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) {
      id
      name
      description
      price {
        amount
        currency
      }
      active
      createdAt
      updatedAt
    }
  }
`);
const PRODUCT = graphql(`
  query ProductsProduct($id: ID!) {
    product(id: $id) {
      id
      name
      description
      price {
        amount
        currency
      }
      active
      createdAt
      updatedAt
    }
  }
`);
const PRODUCTS = graphql(`
  query ProductsPage($first: Int, $after: String, $activeOnly: Boolean) {
    products(first: $first, after: $after, activeOnly: $activeOnly) {
      edges {
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const ACROSS_SUBGRAPHS = graphql(`
  query ProductsAcrossSubgraphs {
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
            currency
          }
        }
      }
    }
  }
`);

async function createProduct(admin: Actor, input: Partial<CreateProductInput> = {}) {
  return expectData(
    await admin.request(CREATE_PRODUCT, { input: { name: 'Monthly membership', price: { amount: 8900, currency: 'GBP' }, ...input } }),
  ).createProduct;
}

describe('products', () => {
  it('lets an admin create a product that members can then read', async () => {
    const owner = await stack.createOrganization();
    const admin = await stack.addMember(owner, 'ADMIN');
    const product = await createProduct(admin, {
      name: '  Yoga mat ',
      description: '4 mm, non-slip',
      price: { amount: 5500, currency: 'EUR' },
    });
    expect(product).toMatchObject({
      name: 'Yoga mat',
      description: '4 mm, non-slip',
      price: { amount: 5500, currency: 'EUR' },
      active: true,
    });

    const member = await stack.addMember(owner, 'MEMBER');
    expect(expectData(await member.request(PRODUCT, { id: product.id })).product).toEqual(product);
  });

  it('updates only the given fields, and clears the description with null', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner, { description: 'Renews monthly' });
    const updated = expectData(
      await owner.request(UPDATE_PRODUCT, {
        id: product.id,
        input: { price: { amount: 9900, currency: 'GBP' }, active: false, description: null },
      }),
    ).updateProduct;
    expect(updated).toMatchObject({ name: product.name, description: null, price: { amount: 9900, currency: 'GBP' }, active: false });
    const renamed = expectData(await owner.request(UPDATE_PRODUCT, { id: product.id, input: { name: 'Monthly unlimited' } })).updateProduct;
    expect(renamed).toMatchObject({ name: 'Monthly unlimited', price: { amount: 9900 }, active: false });
  });

  it('paginates products oldest first, optionally active ones only', async () => {
    const owner = await stack.createOrganization();
    for (const [name, active] of [
      ['A', true],
      ['B', false],
      ['C', true],
      ['D', true],
    ] as const)
      await createProduct(owner, { name, active });
    const names = async (activeOnly: boolean) => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const { products }: ProductsPageQuery = expectData(await owner.request(PRODUCTS, { first: 2, after, activeOnly }));
        expect(products.edges.length).toBeLessThanOrEqual(2);
        seen.push(...products.edges.map((edge) => edge.node.name));
        after = products.pageInfo.hasNextPage ? products.pageInfo.endCursor : null;
      } while (after);
      return seen;
    };
    expect(await names(false)).toEqual(['A', 'B', 'C', 'D']);
    expect(await names(true)).toEqual(['A', 'C', 'D']);
    expectErrorCode(await owner.request(PRODUCTS, { first: 0 }), 'BAD_USER_INPUT');
  });

  it('names the field and rule on bad product input', async () => {
    const owner = await stack.createOrganization();
    const bad = await owner.request(CREATE_PRODUCT, {
      input: { name: '', description: 'x'.repeat(2001), price: { amount: -1, currency: 'eur' } },
    });
    const error = expectErrorCode(bad, 'BAD_USER_INPUT');
    expect(error.message).toMatch(/name: must not be empty/);
    expect(error.message).toMatch(/description: must be at most 2000 characters/);
    expect(error.message).toMatch(/price\.amount: must not be negative/);
    expect(error.message).toMatch(/price\.currency: must be an ISO 4217 code/);
    const unknownCurrency = await owner.request(CREATE_PRODUCT, { input: { name: 'Mat', price: { amount: 100, currency: 'XYZ' } } });
    expect(expectErrorCode(unknownCurrency, 'BAD_USER_INPUT').message).toMatch(/price\.currency: XYZ is not an ISO 4217 currency code/);
    const product = await createProduct(owner);
    const tooLong = await owner.request(UPDATE_PRODUCT, { id: product.id, input: { name: 'n'.repeat(121) } });
    expect(expectErrorCode(tooLong, 'BAD_USER_INPUT').message).toMatch(/name: must be at most 120 characters/);
    const commerce = stack.prisma<PrismaClient>('commerce');
    expect(await commerce.product.count({ where: { organizationId: owner.organizationId } })).toBe(1);
  });

  it('forbids roles below ADMIN from creating or changing products', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner);
    for (const role of ['MODERATOR', 'MEMBER', 'VIEWER'] as const) {
      const actor = await stack.addMember(owner, role);
      expectErrorCode(await actor.request(CREATE_PRODUCT, { input: { name: 'x', price: { amount: 1, currency: 'GBP' } } }), 'FORBIDDEN');
      expectErrorCode(await actor.request(UPDATE_PRODUCT, { id: product.id, input: { active: false } }), 'FORBIDDEN');
    }
    expect(expectData(await owner.request(PRODUCT, { id: product.id })).product?.active).toBe(true);
  });
});

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
    expect(expectData(await owner.request(PRODUCT, { id: product.id })).product?.name).toBe(product.name);
  });

  it('resolves Product references only within the viewer organization (federation entity lookup)', async () => {
    const owner = await stack.createOrganization();
    const product = await createProduct(owner);
    const stranger = await stack.createOrganization();
    const entities = async (actor: Actor) => {
      const headers = await stack.subgraphHeadersFor({ userId: actor.userId, organizationId: actor.organizationId, role: 'OWNER' });
      const subgraph = createClient(stack.running.subgraphs.commerce!.server.url, undefined, headers);
      // _entities exists on the subgraph only, not in the API schema the typed documents are checked against.
      const response = await subgraph.requestUntyped(
        `query ProductsEntities($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id name } } }`,
        {
          reps: [
            { __typename: 'Product', id: product.id },
            { __typename: 'Product', id: 'missing' },
          ],
        },
      );
      return expectData(response)._entities;
    };
    expect(await entities(owner)).toEqual([{ id: product.id, name: product.name }, null]);
    expect(await entities(stranger)).toEqual([null, null]);
  });

  it('answers a query that spans identity and commerce through the gateway', async () => {
    const owner = await stack.createOrganization({ name: 'Cross Graph Yoga' });
    const product = await createProduct(owner);
    expect(expectData(await owner.request(ACROSS_SUBGRAPHS))).toEqual({
      organization: { name: 'Cross Graph Yoga' },
      me: { id: owner.userId },
      products: { edges: [{ node: { id: product.id, price: { currency: 'GBP' } } }] },
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
