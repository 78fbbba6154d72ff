import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { createProduct } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';
import type { CatalogProductsQuery, ProductFilter } from './graphql/graphql.ts';

let stack: TestStack;
let owner: Actor;
let member: Actor;
let categoryIds: { mats: string; retreats: string };
beforeAll(async () => {
  stack = await sharedTestStack();
  owner = await stack.createOrganization();
  member = await stack.addMember(owner, 'MEMBER');
  const category = async (name: string) => expectData(await owner.request(CREATE_CATEGORY, { input: { name } })).createCategory;
  const [mats, retreats] = [await category('Mats'), await category('Retreats')];
  expect(mats.slug).toBe('mats');
  categoryIds = { mats: mats.id, retreats: retreats.id };
});

const CREATE_CATEGORY = graphql(`
  mutation CatalogCreateCategory($input: CreateCategoryInput!) {
    createCategory(input: $input) {
      id
      name
      slug
    }
  }
`);
const CREATE_PRODUCT = graphql(`
  mutation CatalogCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      name
      slug
      type
      status
      images
      categories {
        name
      }
      price(currency: "GBP") {
        amount
        currency
      }
      variants {
        id
        title
        sku
        options {
          name
          value
        }
        prices {
          amount {
            amount
            currency
          }
          compareAt {
            amount
          }
          minQuantity
        }
        one: unitPrice(currency: "GBP") {
          amount
          currency
        }
        five: unitPrice(currency: "GBP", quantity: 5) {
          amount
          currency
        }
        dollars: unitPrice(currency: "USD") {
          amount
        }
      }
    }
  }
`);
const UPDATE_PRODUCT = graphql(`
  mutation CatalogUpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) {
      id
      slug
      status
      description
      categories {
        name
      }
    }
  }
`);
const ADD_VARIANT = graphql(`
  mutation CatalogAddVariant($productId: ID!, $input: VariantInput!) {
    addVariant(productId: $productId, input: $input) {
      id
      sku
      product {
        id
      }
    }
  }
`);
const SET_PRICES = graphql(`
  mutation CatalogSetPrices($variantId: ID!, $prices: [PriceInput!]!) {
    setVariantPrices(variantId: $variantId, prices: $prices) {
      prices {
        amount {
          amount
          currency
        }
        minQuantity
      }
    }
  }
`);
const PRODUCTS = graphql(`
  query CatalogProducts($first: Int, $after: String, $filter: ProductFilter) {
    products(first: $first, after: $after, filter: $filter) {
      edges {
        node {
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
const PRODUCT_BY_SLUG = graphql(`
  query CatalogProductBySlug($slug: String!) {
    productBySlug(slug: $slug) {
      id
      status
    }
  }
`);

describe('catalog', () => {
  it('creates a product with variants, options, prices per currency, compare-at prices and quantity breaks', async () => {
    const product = expectData(
      await owner.request(CREATE_PRODUCT, {
        input: {
          name: 'Cork Yoga Mat',
          type: 'PHYSICAL',
          images: ['https://img.test/cork.jpg'],
          categoryIds: [categoryIds.mats],
          variants: [
            {
              title: 'Small',
              sku: `CORK-S-${owner.organizationId}`,
              options: [{ name: 'Size', value: 'S' }],
              prices: [
                { amount: 5500, currency: 'GBP', compareAtAmount: 6500 },
                { amount: 4900, currency: 'GBP', minQuantity: 5 },
                { amount: 6400, currency: 'EUR' },
              ],
            },
            { title: 'Large', options: [{ name: 'Size', value: 'L' }], prices: [{ amount: 5000, currency: 'GBP' }] },
          ],
        },
      }),
    ).createProduct;
    expect(product).toMatchObject({
      name: 'Cork Yoga Mat',
      slug: 'cork-yoga-mat',
      type: 'PHYSICAL',
      status: 'ACTIVE',
      images: ['https://img.test/cork.jpg'],
      categories: [{ name: 'Mats' }],
      price: { amount: 5000, currency: 'GBP' },
    });
    expect(product.variants[0]).toMatchObject({
      title: 'Small',
      options: [{ name: 'Size', value: 'S' }],
      prices: [
        { amount: { amount: 6400, currency: 'EUR' }, compareAt: null, minQuantity: 1 },
        { amount: { amount: 5500, currency: 'GBP' }, compareAt: { amount: 6500 }, minQuantity: 1 },
        { amount: { amount: 4900, currency: 'GBP' }, compareAt: null, minQuantity: 5 },
      ],
      one: { amount: 5500, currency: 'GBP' },
      five: { amount: 4900, currency: 'GBP' },
      dollars: null,
    });
    expect(product.variants[1]).toMatchObject({ title: 'Large', sku: null });

    const added = expectData(
      await owner.request(ADD_VARIANT, {
        productId: product.id,
        input: { title: 'XL', sku: `CORK-XL-${owner.organizationId}`, prices: [{ amount: 7000, currency: 'GBP' }] },
      }),
    ).addVariant;
    expect(added.product.id).toBe(product.id);
    const repriced = expectData(
      await owner.request(SET_PRICES, {
        variantId: added.id,
        prices: [
          { amount: 7200, currency: 'GBP' },
          { amount: 7000, currency: 'GBP', minQuantity: 2 },
        ],
      }),
    ).setVariantPrices;
    expect(repriced.prices.map((price) => [price.amount.amount, price.minQuantity])).toEqual([
      [7200, 1],
      [7000, 2],
    ]);
  });

  it('refuses a taken slug or SKU with CONFLICT and bad prices with BAD_USER_INPUT, writing nothing', async () => {
    const first = await createProduct(owner, { name: 'Strap', slug: 'strap' });
    const sku = first.variants[0]!.sku!;
    expect(
      expectErrorCode(
        await owner.request(CREATE_PRODUCT, { input: { name: 'Strap 2', slug: 'strap', price: { amount: 1, currency: 'GBP' } } }),
        'CONFLICT',
      ).message,
    ).toBe('Product slug "strap" is already taken');
    const takenSku = await owner.request(CREATE_PRODUCT, {
      input: { name: 'Strap 3', variants: [{ title: 'x', sku, prices: [{ amount: 1, currency: 'GBP' }] }] },
    });
    expect(expectErrorCode(takenSku, 'CONFLICT').message).toBe(`SKU ${sku} is already taken in this organization`);
    const badPrices = await owner.request(CREATE_PRODUCT, {
      input: {
        name: 'Strap 4',
        variants: [
          {
            title: 'x',
            prices: [
              { amount: 100, currency: 'GBP', compareAtAmount: 50 },
              { amount: 150, currency: 'GBP', minQuantity: 3 },
              { amount: 1, currency: 'XYZ' },
              { amount: -1, currency: 'EUR' },
            ],
          },
        ],
      },
    });
    const message = expectErrorCode(badPrices, 'BAD_USER_INPUT').message;
    expect(message).toContain('compareAtAmount 50 must be more than amount 100');
    expect(message).toContain('GBP from 3 units costs 150, more than 100 from 1');
    expect(message).toContain('XYZ is not an ISO 4217 currency code');
    expect(message).toContain('must not be negative');
    const neither = await owner.request(CREATE_PRODUCT, { input: { name: 'Strap 5' } });
    expect(expectErrorCode(neither, 'BAD_USER_INPUT').message).toContain('give either price or variants');
    const commerce = stack.prisma<PrismaClient>('commerce');
    expect(await commerce.product.count({ where: { organizationId: owner.organizationId, name: { startsWith: 'Strap' } } })).toBe(1);
  });

  it('finds products by text (stemmed), type, status, category and price range, paginated', async () => {
    const shop = await stack.createOrganization();
    const buyer = await stack.addMember(shop, 'MEMBER');
    const category = expectData(await shop.request(CREATE_CATEGORY, { input: { name: 'Retreats' } })).createCategory;
    const product = (name: string, description: string, amount: number, input: Partial<Parameters<typeof createProduct>[1]> = {}) =>
      createProduct(shop, { name, description, price: { amount, currency: 'GBP' }, variants: null, ...input });
    await product('Mountain Retreat', 'Hiking and yoga in the hills', 45000, { type: 'EVENT_TICKET', categoryIds: [category.id] });
    await product('Beach Retreat', 'Yoga by the sea', 39000, { type: 'EVENT_TICKET', categoryIds: [category.id] });
    await product('Yoga Mat', 'Grips while you are hiking', 5500);
    await product('Old Retreat', 'Yoga retreat of last year', 30000, { status: 'ARCHIVED', type: 'EVENT_TICKET' });
    await product('Next Retreat', 'Yoga retreat, soon', 50000, { status: 'DRAFT', type: 'EVENT_TICKET' });
    const names = async (actor: Actor, filter: ProductFilter) => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const { products }: CatalogProductsQuery = expectData(await actor.request(PRODUCTS, { first: 2, after, filter }));
        seen.push(...products.edges.map((edge) => edge.node.name));
        after = products.pageInfo.hasNextPage ? products.pageInfo.endCursor : null;
      } while (after);
      return seen;
    };
    expect(await names(shop, { query: 'hike' })).toEqual(['Mountain Retreat', 'Yoga Mat']);
    expect(await names(shop, { query: 'yoga -mat' })).toEqual(['Mountain Retreat', 'Beach Retreat', 'Old Retreat', 'Next Retreat']);
    expect(await names(buyer, { query: 'yoga -mat' })).toEqual(['Mountain Retreat', 'Beach Retreat']);
    expect(await names(buyer, { statuses: ['DRAFT'] })).toEqual(['Mountain Retreat', 'Beach Retreat', 'Yoga Mat']);
    expect(await names(shop, { statuses: ['ARCHIVED', 'DRAFT'] })).toEqual(['Old Retreat', 'Next Retreat']);
    expect(await names(shop, { types: ['PHYSICAL'] })).toEqual(['Yoga Mat']);
    expect(await names(shop, { categoryId: category.id })).toEqual(['Mountain Retreat', 'Beach Retreat']);
    expect(await names(shop, { price: { currency: 'GBP', min: 30000, max: 45000 } })).toEqual([
      'Mountain Retreat',
      'Beach Retreat',
      'Old Retreat',
    ]);
    expect(await names(shop, { price: { currency: 'EUR' } })).toEqual([]);
    expect(
      await names(shop, { query: 'retreat', types: ['EVENT_TICKET'], statuses: ['ACTIVE'], price: { currency: 'GBP', max: 40000 } }),
    ).toEqual(['Beach Retreat']);
    const bad = await shop.request(PRODUCTS, { filter: { query: '', price: { currency: 'GBP', min: 10, max: 5 } } });
    expect(expectErrorCode(bad, 'BAD_USER_INPUT').message).toBe(
      'Invalid input: query: must not be empty; price: min 10 must not be more than max 5',
    );
  });

  it('hides drafts from members, keeps archived products readable, and lets admins change status, slug and categories', async () => {
    const product = await createProduct(owner, { name: 'Bolster', status: 'DRAFT' });
    expectErrorCode(await member.request(PRODUCT_BY_SLUG, { slug: product.slug }), 'NOT_FOUND');
    const updated = expectData(
      await owner.request(UPDATE_PRODUCT, {
        id: product.id,
        input: { status: 'ARCHIVED', slug: 'bolster-classic', description: 'Firm', categoryIds: [categoryIds.mats, categoryIds.retreats] },
      }),
    ).updateProduct;
    expect(updated).toMatchObject({
      slug: 'bolster-classic',
      status: 'ARCHIVED',
      description: 'Firm',
      categories: [{ name: 'Mats' }, { name: 'Retreats' }],
    });
    expect(expectData(await member.request(PRODUCT_BY_SLUG, { slug: 'bolster-classic' })).productBySlug).toEqual({
      id: product.id,
      status: 'ARCHIVED',
    });
  });

  it('forbids roles below ADMIN from writing the catalog', async () => {
    const product = await createProduct(owner);
    for (const role of ['MODERATOR', 'MEMBER'] as const) {
      const actor = role === 'MEMBER' ? member : await stack.addMember(owner, role);
      expectErrorCode(await actor.request(UPDATE_PRODUCT, { id: product.id, input: { status: 'ARCHIVED' } }), 'FORBIDDEN');
      expectErrorCode(await actor.request(CREATE_CATEGORY, { input: { name: 'Nope' } }), 'FORBIDDEN');
      expectErrorCode(
        await actor.request(SET_PRICES, { variantId: product.variants[0]!.id, prices: [{ amount: 1, currency: 'GBP' }] }),
        'FORBIDDEN',
      );
    }
  });
});
