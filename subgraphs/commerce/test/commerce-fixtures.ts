import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { expectData, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';
import type { CreateProductInput } from './graphql/graphql.ts';

/**
 * What several commerce test files build their cases from: products with variants through the
 * API, as an admin would.
 */

const CREATE_PRODUCT = graphql(`
  mutation FixturesCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      slug
      status
      variants {
        id
        sku
      }
    }
  }
`);

let sequence = 0;

/** A product of `admin`'s organization; by default one variant at 10.00 GBP with a unique SKU. */
export async function createProduct(admin: Actor, input: Partial<CreateProductInput> = {}) {
  const n = ++sequence;
  const defaults: CreateProductInput = {
    name: `Product ${n}`,
    variants: [{ title: 'Default', sku: `SKU-${Date.now().toString(36)}-${n}`, prices: [{ amount: 1000, currency: 'GBP' }] }],
  };
  return expectData(await admin.request(CREATE_PRODUCT, { input: { ...defaults, ...input } })).createProduct;
}

/** A checkout idempotency key no other test uses. */
export const idempotencyKey = () => `checkout-${Date.now().toString(36)}-${++sequence}`;

/**
 * Stripe's API as far as a test needs it: `answer` gets each request's method, path and form body
 * and returns the JSON to send (with a status, default 200). Listens on a free local port.
 */
export function fakeStripeApi(
  answer: (request: { method: string; path: string; form: URLSearchParams }) => { status?: number; body: unknown },
): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { status = 200, body: json } = answer({
        method: request.method ?? 'GET',
        path: request.url ?? '',
        form: new URLSearchParams(body),
      });
      response.statusCode = status;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(json));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** POSTs a Stripe event about `object` to commerce's webhook route, signed with `secret` as Stripe signs it (or with `signature`). */
export async function sendStripeEvent(
  stack: TestStack,
  secret: string,
  event: { id: string; type: string; created: number; object: Record<string, unknown> },
  signature?: string,
) {
  const payload = JSON.stringify({
    id: event.id,
    object: 'event',
    type: event.type,
    created: event.created,
    data: { object: event.object },
  });
  const url = new URL('/webhooks/stripe', stack.running.subgraphs.commerce!.server.url);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signature ?? Stripe.webhooks.generateTestHeaderString({ payload, secret }),
    },
    body: payload,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Commerce's Stripe settings for a test stack: a test key, the webhook secret, and the fake API's URL. */
export const stripeTestEnv = (api: Server, webhookSecret: string) => ({
  STRIPE_SECRET_KEY: 'sk_test_plaza',
  STRIPE_WEBHOOK_SECRET: webhookSecret,
  STRIPE_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
});
