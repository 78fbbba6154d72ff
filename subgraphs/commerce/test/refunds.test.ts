import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { createProduct, idempotencyKey } from './commerce-fixtures.ts';
import { graphql } from './graphql/index.ts';

/**
 * Stripe's API as far as payments and refunds use it, keeping Stripe's idempotency contract: a
 * request with an Idempotency-Key seen before gets the first answer and creates nothing.
 */
interface FakeStripe {
  server: Server;
  /** Refunds created, by payment intent; and every refund request with its key. */
  refunds: { id: string; paymentIntent: string; amount: number }[];
  refundRequests: { key: string | undefined; amount: number }[];
}

function fakeStripeApi(): Promise<FakeStripe> {
  const fake: FakeStripe = { server: undefined as unknown as Server, refunds: [], refundRequests: [] };
  const answers = new Map<string, string>();
  fake.server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const key = request.headers['idempotency-key'] as string | undefined;
      response.setHeader('content-type', 'application/json');
      if (request.url === '/v1/refunds') fake.refundRequests.push({ key, amount: Number(form.get('amount')) });
      const seen = key ? answers.get(`${request.url}|${key}`) : undefined;
      if (seen) return response.end(seen);
      let answer: string;
      if (request.url === '/v1/refunds') {
        const refund = {
          id: `re_fake_${fake.refunds.length + 1}`,
          paymentIntent: form.get('payment_intent')!,
          amount: Number(form.get('amount')),
        };
        fake.refunds.push(refund);
        answer = JSON.stringify({
          id: refund.id,
          object: 'refund',
          amount: refund.amount,
          payment_intent: refund.paymentIntent,
          status: 'succeeded',
        });
      } else {
        const id = `pi_fake_${form.get('metadata[paymentId]')}`;
        answer = JSON.stringify({
          id,
          object: 'payment_intent',
          amount: Number(form.get('amount')),
          currency: form.get('currency'),
          status: form.get('confirm') === 'true' ? 'succeeded' : 'requires_payment_method',
          client_secret: `${id}_secret_x`,
          customer: null,
          latest_charge: form.get('confirm') === 'true' ? `ch_${id}` : null,
          last_payment_error: null,
          metadata: { organizationId: form.get('metadata[organizationId]'), orderId: form.get('metadata[orderId]') },
        });
      }
      if (key) answers.set(`${request.url}|${key}`, answer);
      response.end(answer);
    });
  });
  return new Promise((resolve) => fake.server.listen(0, '127.0.0.1', () => resolve(fake)));
}

let stack: TestStack;
let stripe: FakeStripe;
let db: PrismaClient;
let owner: Actor;
let buyer: Actor;
beforeAll(async () => {
  stripe = await fakeStripeApi();
  stack = await startTestStack({
    only: ['identity', 'commerce'],
    env: {
      STRIPE_SECRET_KEY: 'sk_test_plaza',
      STRIPE_WEBHOOK_SECRET: 'whsec_plaza_test_secret',
      STRIPE_API_URL: `http://127.0.0.1:${(stripe.server.address() as AddressInfo).port}`,
      // The pending-refund job looks often here; a refund waits its default minute before it is taken.
      COMMERCE_REFUND_RETRY_INTERVAL_MS: '200',
    },
  });
  db = stack.prisma<PrismaClient>('commerce');
  owner = await stack.createOrganization();
  buyer = await stack.addMember(owner, 'MEMBER');
});
afterAll(async () => {
  await stack?.stop();
  stripe?.server.close();
});

const ADD = graphql(`
  mutation RefundsAdd($variantId: ID!) {
    addToCart(input: { variantId: $variantId, currency: "GBP" }) {
      id
    }
  }
`);
const CHECKOUT = graphql(`
  mutation RefundsCheckout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
    }
  }
`);
const PAY = graphql(`
  mutation RefundsPay($orderId: ID!) {
    payOrder(orderId: $orderId, input: { provider: STRIPE, paymentMethod: "pm_card_visa" }) {
      payment {
        status
        paymentIntentId
      }
    }
  }
`);
const REFUND = graphql(`
  mutation RefundsRefund($id: ID!, $amount: Int!) {
    refundOrder(id: $id, amount: $amount) {
      status
      refunded {
        amount
      }
      transactions {
        kind
        amount {
          amount
        }
      }
    }
  }
`);

/** A paid Stripe order of 10.00 GBP, and its payment intent. */
async function paidOrder() {
  const product = await createProduct(owner);
  expectData(await buyer.request(ADD, { variantId: product.variants[0]!.id }));
  const order = expectData(await buyer.request(CHECKOUT, { key: idempotencyKey() })).checkout;
  const { payment } = expectData(await buyer.request(PAY, { orderId: order.id })).payOrder;
  expect(payment.status).toBe('SUCCEEDED');
  return { orderId: order.id, intent: payment.paymentIntentId! };
}

describe('refunds through a provider', () => {
  it('neither loses nor doubles a refund the provider made when recording it failed: the retry completes it once', async () => {
    const { orderId, intent } = await paidOrder();
    // Recording a refund fails (as a crash or a lost connection after the provider's answer would).
    await db.$executeRawUnsafe(
      `ALTER TABLE "OrderTransaction" ADD CONSTRAINT "test_refund_recording_fails" CHECK ("kind" <> 'REFUND') NOT VALID`,
    );
    try {
      const failed = await owner.request(REFUND, { id: orderId, amount: 400 });
      expect(failed.errors).toBeDefined();
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "OrderTransaction" DROP CONSTRAINT "test_refund_recording_fails"`);
    }
    expect(stripe.refunds.filter((refund) => refund.paymentIntent === intent)).toHaveLength(1);
    const pending = await db.refund.findMany({ where: { orderId }, select: { id: true, status: true, amount: true } });

    // The admin tries again: the provider is asked with the same key, moves nothing more, and the refund is recorded once.
    const retried = expectData(await owner.request(REFUND, { id: orderId, amount: 400 })).refundOrder;
    expect(stripe.refunds.filter((refund) => refund.paymentIntent === intent)).toHaveLength(1);
    expect(retried).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: 400 } });
    expect(retried.transactions.filter((entry) => entry.kind === 'REFUND')).toEqual([{ kind: 'REFUND', amount: { amount: 400 } }]);
    // What the failure had left: the refund, pending, whose id keyed both requests to the provider.
    expect(pending).toEqual([{ id: expect.any(String), status: 'PENDING', amount: 400 }]);
    const keys = stripe.refundRequests.map((request) => request.key);
    expect(keys.slice(-2)).toEqual([`refund-${pending[0]!.id}`, `refund-${pending[0]!.id}`]);
    expect(await db.refund.findMany({ where: { orderId }, select: { status: true, providerRefundId: true } })).toEqual([
      { status: 'SUCCEEDED', providerRefundId: stripe.refunds.at(-1)!.id },
    ]);

    // Another refund afterwards is a new one, with a key of its own.
    expect(expectData(await owner.request(REFUND, { id: orderId, amount: 600 })).refundOrder).toMatchObject({
      status: 'REFUNDED',
      refunded: { amount: 1000 },
    });
    expect(stripe.refunds.filter((refund) => refund.paymentIntent === intent).map((refund) => refund.amount)).toEqual([400, 600]);
  });

  it('completes a refund left pending once it is a minute old, without an admin retrying, and moves no money twice', async () => {
    const { orderId, intent } = await paidOrder();
    await db.$executeRawUnsafe(
      `ALTER TABLE "OrderTransaction" ADD CONSTRAINT "test_refund_recording_fails" CHECK ("kind" <> 'REFUND') NOT VALID`,
    );
    try {
      expect((await owner.request(REFUND, { id: orderId, amount: 300 })).errors).toBeDefined();
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "OrderTransaction" DROP CONSTRAINT "test_refund_recording_fails"`);
    }
    const [pending] = await db.refund.findMany({ where: { orderId }, select: { id: true, status: true } });
    expect(pending).toEqual({ id: expect.any(String), status: 'PENDING' });
    expect(await db.order.findUnique({ where: { id: orderId }, select: { refundedTotal: true } })).toEqual({ refundedTotal: 0 });

    // A minute later (aged in the database rather than waited for), the job completes it.
    await db.$executeRawUnsafe(`UPDATE "Refund" SET "createdAt" = now() - interval '2 minutes' WHERE "id" = $1`, pending!.id);
    await vi.waitFor(
      async () =>
        expect(await db.order.findUnique({ where: { id: orderId }, select: { refundedTotal: true, status: true } })).toEqual({
          refundedTotal: 300,
          status: 'PARTIALLY_REFUNDED',
        }),
      { timeout: 15_000, interval: 100 },
    );
    expect(await db.refund.findUnique({ where: { id: pending!.id }, select: { status: true, actorId: true } })).toEqual({
      status: 'SUCCEEDED',
      actorId: owner.userId,
    });
    expect(stripe.refunds.filter((refund) => refund.paymentIntent === intent).map((refund) => refund.amount)).toEqual([300]);
    expect(stripe.refundRequests.slice(-2).map((request) => request.key)).toEqual([`refund-${pending!.id}`, `refund-${pending!.id}`]);
  });

  it('refunds once when two admins refund the same order at the same time', async () => {
    const { orderId, intent } = await paidOrder();
    const results = await Promise.all([
      owner.request(REFUND, { id: orderId, amount: 700 }),
      owner.request(REFUND, { id: orderId, amount: 700 }),
    ]);
    const succeeded = results.filter((result) => !result.errors);
    expect(succeeded).toHaveLength(1);
    const refused = results.find((result) => result.errors)!;
    expect(['CONFLICT', 'BAD_USER_INPUT']).toContain(refused.errors![0]!.extensions?.code);
    expect(stripe.refunds.filter((refund) => refund.paymentIntent === intent).map((refund) => refund.amount)).toEqual([700]);
    expect(await db.order.findUnique({ where: { id: orderId }, select: { refundedTotal: true, status: true } })).toEqual({
      refundedTotal: 700,
      status: 'PARTIALLY_REFUNDED',
    });
    expectErrorCode(await owner.request(REFUND, { id: orderId, amount: 301 }), 'BAD_USER_INPUT');
  });
});
