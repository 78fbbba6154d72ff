import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { createProduct, fakeStripeApi, stripeTestEnv, idempotencyKey, sendStripeEvent } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

const WEBHOOK_SECRET = 'whsec_plaza_test_secret';

/** Stripe's API as far as the provider uses it: POST /v1/payment_intents answers a pending intent. */
const paymentIntentsApi = () =>
  fakeStripeApi(({ form }) => {
    const id = `pi_fake_${form.get('metadata[paymentId]')}`;
    return {
      body: {
        id,
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        currency: form.get('currency'),
        status: 'requires_payment_method',
        client_secret: `${id}_secret_x`,
        customer: null,
        latest_charge: null,
        last_payment_error: null,
        metadata: { organizationId: form.get('metadata[organizationId]'), orderId: form.get('metadata[orderId]') },
      },
    };
  });

let stack: TestStack;
let stripeApi: Server;
let owner: Actor;
let buyer: Actor;
beforeAll(async () => {
  stripeApi = await paymentIntentsApi();
  stack = await startTestStack({
    only: ['identity', 'commerce'],
    env: stripeTestEnv(stripeApi, WEBHOOK_SECRET),
  });
  owner = await stack.createOrganization();
  buyer = await stack.addMember(owner, 'MEMBER');
});
afterAll(async () => {
  await stack?.stop();
  stripeApi?.close();
});

const ADD = graphql(`
  mutation PaymentsAdd($variantId: ID!) {
    addToCart(input: { variantId: $variantId, currency: "GBP" }) {
      id
    }
  }
`);
const CHECKOUT = graphql(`
  mutation PaymentsCheckout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
      number
    }
  }
`);
const PAY = graphql(`
  mutation PaymentsPay($orderId: ID!, $input: PayOrderInput) {
    payOrder(orderId: $orderId, input: $input) {
      payment {
        provider
        status
        paymentIntentId
        chargeId
        providerCustomerId
        amount {
          amount
          currency
        }
        failureReason
      }
      order {
        status
      }
      clientSecret
    }
  }
`);
const ORDER = graphql(`
  query PaymentsOrder($id: ID!) {
    order(id: $id) {
      status
      payments {
        provider
        status
        paymentIntentId
      }
      transactions {
        kind
        toStatus
      }
    }
  }
`);
const REFUND = graphql(`
  mutation PaymentsRefund($id: ID!, $amount: Int!) {
    refundOrder(id: $id, amount: $amount) {
      status
    }
  }
`);

async function placeOrder() {
  const product = await createProduct(owner);
  expectData(await buyer.request(ADD, { variantId: product.variants[0]!.id }));
  return expectData(await buyer.request(CHECKOUT, { key: idempotencyKey() })).checkout;
}

/** A payment intent event, signed as Stripe signs it (or with `signature`). */
const sendIntentEvent = (event: { id: string; type: string; created: number; intent: Record<string, unknown> }, signature?: string) =>
  sendStripeEvent(stack, WEBHOOK_SECRET, { ...event, object: { object: 'payment_intent', ...event.intent } }, signature);

describe('payments with the test provider', () => {
  it('pays a pending order at once, refuses to pay it twice, and records a declined card without paying', async () => {
    const order = await placeOrder();
    const declined = expectData(
      await buyer.request(PAY, { orderId: order.id, input: { paymentMethod: 'pm_card_chargeDeclined' } }),
    ).payOrder;
    expect(declined).toMatchObject({
      payment: { status: 'FAILED', failureReason: 'Your card was declined (test provider)' },
      order: { status: 'PENDING' },
    });
    const paid = expectData(await buyer.request(PAY, { orderId: order.id })).payOrder;
    expect(paid).toMatchObject({
      payment: { provider: 'TEST', status: 'SUCCEEDED', amount: { amount: 1000, currency: 'GBP' }, failureReason: null },
      order: { status: 'PAID' },
      clientSecret: null,
    });
    expect(paid.payment.chargeId).toMatch(/^test_ch_/);
    expect(expectErrorCode(await buyer.request(PAY, { orderId: order.id }), 'CONFLICT').message).toBe(
      `Order #${order.number} is PAID: it cannot be paid (only when PENDING)`,
    );
    expect(expectData(await owner.request(REFUND, { id: order.id, amount: 1000 })).refundOrder.status).toBe('REFUNDED');
  });
});

describe('payments with Stripe', () => {
  it('starts a payment intent, then pays the order from the signed webhook, once, whatever replays or late events follow', async () => {
    const order = await placeOrder();
    const started = expectData(await buyer.request(PAY, { orderId: order.id, input: { provider: 'STRIPE' } })).payOrder;
    expect(started).toMatchObject({ payment: { provider: 'STRIPE', status: 'PENDING' }, order: { status: 'PENDING' } });
    const intentId = started.payment.paymentIntentId!;
    expect(started.clientSecret).toBe(`${intentId}_secret_x`);
    expectErrorCode(await buyer.request(PAY, { orderId: order.id, input: { provider: 'STRIPE' } }), 'CONFLICT');

    const intent = {
      id: intentId,
      amount: 1000,
      currency: 'gbp',
      latest_charge: 'ch_1',
      customer: 'cus_1',
      metadata: { organizationId: owner.organizationId, orderId: order.id },
    };
    const now = Math.floor(Date.now() / 1000);
    const succeeded = { id: `evt_ok_${order.id}`, type: 'payment_intent.succeeded', created: now, intent };
    expect(await sendIntentEvent(succeeded)).toEqual({ status: 200, body: { received: true, applied: true, reason: 'applied' } });
    const afterPayment = expectData(await owner.request(ORDER, { id: order.id })).order;
    expect(afterPayment).toMatchObject({
      status: 'PAID',
      payments: [{ provider: 'STRIPE', status: 'SUCCEEDED', paymentIntentId: intentId }],
    });

    // A replay of the same event, and a failure that happened before the success but arrives after it, change nothing.
    expect(await sendIntentEvent(succeeded)).toEqual({ status: 200, body: { received: true, applied: false, reason: 'duplicate' } });
    const late = {
      id: `evt_late_${order.id}`,
      type: 'payment_intent.payment_failed',
      created: now - 60,
      intent: { ...intent, last_payment_error: { message: 'declined' } },
    };
    expect((await sendIntentEvent(late)).body).toMatchObject({ applied: false, reason: 'stale' });
    expect(expectData(await owner.request(ORDER, { id: order.id })).order).toEqual(afterPayment);
  });

  it('applies an event that arrives before the payment was recorded, and refuses a bad signature with 400, changing nothing', async () => {
    const order = await placeOrder();
    const intent = {
      id: `pi_early_${order.id}`,
      amount: 1000,
      currency: 'gbp',
      metadata: { organizationId: owner.organizationId, orderId: order.id },
    };
    const event = { id: `evt_early_${order.id}`, type: 'payment_intent.succeeded', created: Math.floor(Date.now() / 1000), intent };
    const forged = await sendIntentEvent(event, 't=1,v1=deadbeef');
    expect(forged.status).toBe(400);
    expect(String(forged.body.error)).toMatch(/^Webhook signature verification failed/);
    expect(expectData(await owner.request(ORDER, { id: order.id })).order).toMatchObject({ status: 'PENDING', payments: [] });

    expect((await sendIntentEvent(event)).body).toMatchObject({ applied: true });
    expect(expectData(await owner.request(ORDER, { id: order.id })).order).toMatchObject({
      status: 'PAID',
      payments: [{ provider: 'STRIPE', status: 'SUCCEEDED', paymentIntentId: intent.id }],
      transactions: [
        { kind: 'PLACED', toStatus: 'PENDING' },
        { kind: 'PAYMENT', toStatus: 'PAID' },
      ],
    });
  });
});
