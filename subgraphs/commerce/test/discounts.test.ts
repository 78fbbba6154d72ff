import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
let owner: Actor;
beforeAll(async () => {
  stack = await sharedTestStack();
  owner = await stack.createOrganization();
});

const CREATE_DISCOUNT = graphql(`
  mutation DiscountsCreate($input: CreateDiscountInput!) {
    createDiscount(input: $input) {
      id
      code
      kind
      percentOff
      amountOff {
        amount
        currency
      }
      minimumOrder {
        amount
        currency
      }
      usageLimit
      timesUsed
      active
    }
  }
`);
const SET_ACTIVE = graphql(`
  mutation DiscountsSetActive($id: ID!, $active: Boolean!) {
    setDiscountActive(id: $id, active: $active) {
      active
    }
  }
`);
const DISCOUNTS = graphql(`
  query DiscountsList {
    discounts {
      edges {
        node {
          code
          name
        }
      }
    }
  }
`);

describe('discounts', () => {
  it('creates codes (stored upper-case) and automatic discounts, and refuses a code that exists with CONFLICT', async () => {
    const created = expectData(
      await owner.request(CREATE_DISCOUNT, {
        input: {
          code: 'welcome-10',
          name: 'Welcome',
          kind: 'FIXED_AMOUNT',
          amountOff: { amount: 1000, currency: 'GBP' },
          minimumOrder: { amount: 5000, currency: 'GBP' },
          usageLimit: 100,
        },
      }),
    ).createDiscount;
    expect(created).toMatchObject({
      code: 'WELCOME-10',
      kind: 'FIXED_AMOUNT',
      percentOff: null,
      amountOff: { amount: 1000, currency: 'GBP' },
      minimumOrder: { amount: 5000, currency: 'GBP' },
      usageLimit: 100,
      timesUsed: 0,
      active: true,
    });
    expectData(await owner.request(CREATE_DISCOUNT, { input: { name: 'Everything 5%', kind: 'PERCENTAGE', percentOff: 5 } }));
    const again = await owner.request(CREATE_DISCOUNT, { input: { code: 'Welcome-10', name: 'Again', kind: 'PERCENTAGE', percentOff: 5 } });
    expect(expectErrorCode(again, 'CONFLICT').message).toBe('Discount code WELCOME-10 already exists');
    expect(expectData(await owner.request(SET_ACTIVE, { id: created.id, active: false })).setDiscountActive.active).toBe(false);
    expect(expectData(await owner.request(DISCOUNTS)).discounts.edges.map(({ node }) => node.code)).toEqual([null, 'WELCOME-10']);
  });

  it('names each broken rule of a bad discount, and lets only admins create discounts', async () => {
    const bad = await owner.request(CREATE_DISCOUNT, {
      input: {
        code: 'x',
        name: 'Bad',
        kind: 'PERCENTAGE',
        startsAt: '2027-01-02T00:00:00Z',
        endsAt: '2027-01-01T00:00:00Z',
        usageLimit: 0,
      },
    });
    const message = expectErrorCode(bad, 'BAD_USER_INPUT').message;
    expect(message).toContain('code: must be at least 3 characters');
    expect(message).toContain('usageLimit: must be at least 1');
    const member = await stack.addMember(owner, 'MEMBER');
    expectErrorCode(await member.request(CREATE_DISCOUNT, { input: { name: 'Mine', kind: 'PERCENTAGE', percentOff: 50 } }), 'FORBIDDEN');
    expectErrorCode(await member.request(DISCOUNTS), 'FORBIDDEN');
    const unknown = await owner.request(CREATE_DISCOUNT, {
      input: { name: 'Mats', kind: 'PERCENTAGE', percentOff: 5, productIds: ['nope'] },
    });
    expect(expectErrorCode(unknown, 'NOT_FOUND').message).toBe('Product nope was not found');
  });
});
