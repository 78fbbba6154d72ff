import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { expectData, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { createProduct, idempotencyKey } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

// Commerce's order events through its outbox and the bus to notifications: receipts to the buyer,
// low stock to the organization's owners and admins (known to notifications from identity's
// membership events, which carry the role).
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ only: ['identity', 'commerce', 'notifications'] });
});
afterAll(() => stack?.stop());

const ADJUST = graphql(`
  mutation EventsAdjust($variantId: ID!) {
    adjustStock(variantId: $variantId, input: { quantity: 3, reason: RESTOCK }) {
      stockOnHand
    }
  }
`);
const THRESHOLD = graphql(`
  mutation EventsThreshold($variantId: ID!) {
    setLowStockThreshold(variantId: $variantId, threshold: 1) {
      lowStockThreshold
    }
  }
`);
const ADD = graphql(`
  mutation EventsAdd($variantId: ID!, $quantity: Int!) {
    addToCart(input: { variantId: $variantId, quantity: $quantity, currency: "GBP" }) {
      id
    }
  }
`);
const CHECKOUT = graphql(`
  mutation EventsCheckout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
      number
      items {
        id
      }
    }
  }
`);
const PAY = graphql(`
  mutation EventsPay($orderId: ID!, $paymentMethod: String) {
    payOrder(orderId: $orderId, input: { paymentMethod: $paymentMethod }) {
      payment {
        status
      }
    }
  }
`);
const REFUND = graphql(`
  mutation EventsRefund($id: ID!, $amount: Int!) {
    refundOrder(id: $id, amount: $amount) {
      status
    }
  }
`);
const UPDATE_ROLE = graphql(`
  mutation EventsUpdateRole($id: ID!, $role: Role!) {
    updateMemberRole(userId: $id, role: $role) {
      role
    }
  }
`);
const NOTIFICATIONS = graphql(`
  query EventsNotifications {
    notifications(first: 50) {
      edges {
        node {
          type
          title
          body
        }
      }
    }
  }
`);

const notificationsOf = async (actor: Actor) => expectData(await actor.request(NOTIFICATIONS)).notifications.edges.map(({ node }) => node);

describe('order events', () => {
  it('records placed, paid (with its items, in the payment’s transaction) and refunded; notifies the buyer and the admins', async () => {
    const owner = await stack.createOrganization();
    const admin = await stack.addMember(owner, 'ADMIN');
    const buyer = await stack.addMember(owner, 'MEMBER');
    const bystander = await stack.addMember(owner, 'MEMBER');
    const elsewhere = await stack.createOrganization();
    // The directory follows role changes: one member becomes an admin, one admin stops being one.
    const promoted = await stack.addMember(owner, 'MEMBER');
    const demoted = await stack.addMember(owner, 'ADMIN');
    expectData(await owner.request(UPDATE_ROLE, { id: promoted.userId, role: 'ADMIN' }));
    expectData(await owner.request(UPDATE_ROLE, { id: demoted.userId, role: 'MEMBER' }));
    await stack.eventsSettled();

    const product = await createProduct(owner, {
      name: 'Lantern',
      variants: [{ title: 'Default', sku: `LANTERN-${Date.now()}`, prices: [{ amount: 1500, currency: 'GBP' }] }],
    });
    const variantId = product.variants[0]!.id;
    expectData(await owner.request(ADJUST, { variantId }));
    expectData(await owner.request(THRESHOLD, { variantId }));
    expectData(await buyer.request(ADD, { variantId, quantity: 2 }));
    const order = expectData(await buyer.request(CHECKOUT, { key: idempotencyKey() })).checkout;

    // A declined card leaves the order pending: no paid event.
    expect(
      expectData(await buyer.request(PAY, { orderId: order.id, paymentMethod: 'pm_card_chargeDeclined' })).payOrder.payment.status,
    ).toBe('FAILED');
    const types = async () => (await stack.recordedEvents('commerce', { subjectId: order.id })).map((event) => event.type);
    expect(await types()).toEqual(['commerce.order.placed']);

    expectData(await buyer.request(PAY, { orderId: order.id, paymentMethod: null }));
    expectData(await owner.request(REFUND, { id: order.id, amount: 1000 }));
    expectData(await owner.request(REFUND, { id: order.id, amount: 2000 }));

    const events = await stack.recordedEvents('commerce', { subjectId: order.id });
    expect(events.map((event) => event.type)).toEqual([
      'commerce.order.placed',
      'commerce.order.paid',
      'commerce.order.refunded',
      'commerce.order.refunded',
    ]);
    const [placed, paid, partial, full] = events as [
      DomainEvent<'commerce.order.placed'>,
      DomainEvent<'commerce.order.paid'>,
      DomainEvent<'commerce.order.refunded'>,
      DomainEvent<'commerce.order.refunded'>,
    ];
    const facts = { orderId: order.id, orderNumber: order.number, customerId: buyer.userId, total: 3000, currency: 'GBP' };
    expect(placed).toMatchObject({
      organizationId: owner.organizationId,
      actorId: buyer.userId,
      subject: { type: 'Order', id: order.id },
      payload: facts,
    });
    expect(paid.payload).toEqual({
      ...facts,
      items: [{ orderItemId: order.items[0]!.id, productId: product.id, variantId, quantity: 2 }],
    });
    expect(partial).toMatchObject({ actorId: owner.userId, payload: { ...facts, amount: 1000, refundedTotal: 1000, full: false } });
    expect(full.payload).toMatchObject({ amount: 2000, refundedTotal: 3000, full: true });
    expect(full.payload.refundId).not.toBe(partial.payload.refundId);

    await stack.eventsSettled();
    await vi.waitFor(
      async () => {
        expect(
          (await notificationsOf(buyer))
            .filter((n) => n.type.startsWith('order.'))
            .map((n) => n.title)
            .sort(),
        ).toEqual([
          `Order #${order.number} is paid`,
          `Order #${order.number} was refunded in full`,
          `Order #${order.number} was refunded in part`,
        ]);
      },
      { timeout: 20_000, interval: 200 },
    );
    const buyerNotes = await notificationsOf(buyer);
    expect(buyerNotes.find((n) => n.type === 'order.paid')?.body).toBe(`Thank you: we received 30.00 GBP for order #${order.number}.`);
    expect(buyerNotes.find((n) => n.title.endsWith('in part'))?.body).toBe(
      `10.00 GBP of order #${order.number} is on its way back to you.`,
    );

    const sku = product.variants[0]!.sku;
    for (const recipient of [owner, admin, promoted]) {
      expect(await notificationsOf(recipient)).toContainEqual({
        type: 'stock.low',
        title: `Low stock: ${sku}`,
        body: `${sku} is down to 1 in stock (threshold 1). Restock it before it sells out.`,
      });
    }
    for (const outsider of [buyer, bystander, demoted, elsewhere])
      expect((await notificationsOf(outsider)).filter((n) => n.type === 'stock.low')).toEqual([]);
  });
});
