import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, sharedTestStack, type Actor, type GraphQLResponse, type TestStack } from '@plaza/testkit';
import { operationLimitsOf } from '../src/index.ts';

// The abusive shapes of issue 13, sent through the gateway: each is refused before it is planned,
// with HTTP 400, code OPERATION_LIMIT_EXCEEDED, the limit's name, the measured and the allowed
// value; anonymous callers get less room. How fast they are refused is measured in the benchmarks.

let stack: TestStack;
let member: Actor;
beforeAll(async () => {
  stack = await sharedTestStack();
  member = await stack.createOrganization();
});

interface Refusal {
  status: number;
  body: GraphQLResponse<unknown>;
}

async function send(query: string, token?: string, url = stack.url): Promise<Refusal> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<unknown> };
}

function expectRefused({ status, body }: Refusal, limit: string, allowed: number, measured?: number) {
  expect(status).toBe(400);
  expect(body.errors).toHaveLength(1);
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit, allowed });
  if (measured !== undefined) expect(body.errors?.[0]?.extensions?.measured).toBe(measured);
  expect(body.errors?.[0]?.message).toMatch(new RegExp(`more than the ${allowed} allowed`));
}

/** `me { posts(first: 1) { edges { node { author { posts …` nested to `levels` levels (a valid, cheap query). */
function nested(levels: number): string {
  const steps = ['posts(first: 1)', 'edges', 'node', 'author'];
  let open = 'me {';
  let depth = 1;
  while (depth < levels) {
    open += ` ${steps[(depth - 1) % steps.length]} {`;
    depth += 1;
  }
  return `{ ${open} __typename ${'}'.repeat(depth)} }`;
}

const homeFeedAliases = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: homeFeed(first: 20) { edges { node { title author { name } } } }`).join(' ')} }`;

describe('operation limits', () => {
  it('refuses a query nested deeper than allowed', async () => {
    // 61 levels of objects; the leaf field below them counts too.
    expectRefused(await send(nested(61), member.token), 'depth', 15, 62);
    expect((await send(nested(14), member.token)).body.errors).toBeUndefined();
  });

  it('refuses an anonymous query nested 601 levels before parsing it (tokens)', async () => {
    expectRefused(await send(nested(601)), 'tokens', 1_000);
  });

  it('refuses 1,000 aliases of the home feed by their size, and 100 by their number', async () => {
    expectRefused(await send(homeFeedAliases(1_000), member.token), 'characters', 50_000);
    expectRefused(await send(homeFeedAliases(100), member.token), 'aliases', 30, 100);
  });

  it('refuses a 1 MB document of aliases by its size', async () => {
    const document = `{ ${Array.from({ length: 60_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(document.length).toBeGreaterThan(1_000_000);
    expectRefused(await send(document, member.token), 'characters', 50_000, document.length);
  });

  it('refuses too many root fields and too many directives', async () => {
    const roots = `{ ${Array.from({ length: 25 }, (_, i) => `f${i}: me { id }`).join(' ')} }`;
    expectRefused(await send(roots, member.token), 'rootFields', 20, 25);
    const directives = `{ me { ${Array.from({ length: 60 }, () => 'id @include(if: true)').join(' ')} } }`;
    expectRefused(await send(directives, member.token), 'directives', 50, 60);
  });

  it('refuses an operation whose pages multiply past the cost allowed', async () => {
    const pages = '{ homeFeed(first: 100) { edges { node { comments(first: 100) { edges { node { body } } } } } } }';
    const refusal = await send(pages, member.token);
    expectRefused(refusal, 'cost', 25_000);
    expect(refusal.body.errors?.[0]?.extensions?.measured).toBeGreaterThan(25_000);
    // The same shape with pages of 20 is an ordinary screen.
    expect((await send(pages.replaceAll('100', '20'), member.token)).body.errors).toBeUndefined();
  });

  it("lets the playground's full introspection query through for a signed-in user", async () => {
    expect((await send(getIntrospectionQuery(), member.token)).body.errors).toBeUndefined();
  });
});

describe('in production', () => {
  let production: Awaited<ReturnType<TestStack['running']['startGatewayReplica']>>;
  beforeAll(async () => {
    production = await stack.running.startGatewayReplica(
      {},
      { operationLimits: operationLimitsOf({ NODE_ENV: 'production' }), hideSchemaDetails: true },
    );
  });
  afterAll(async () => {
    await production?.stop();
  });

  it('refuses introspection to anonymous callers, and keeps it for signed-in ones', async () => {
    const anonymous = await send('{ __schema { types { name } } }', undefined, production.url);
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(anonymous.body.errors?.[0]?.message).toMatch(/introspection.*Sign in/s);
    const signedIn = await send('{ __schema { types { name } } }', member.token, production.url);
    expect(signedIn.body.errors).toBeUndefined();
  });

  it('names no field a caller did not ask for in its errors', async () => {
    const answer = await createClient(production.url).requestUntyped('{ me { emial } }');
    expect(answer.errors?.[0]?.message).toContain('emial');
    expect(answer.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});
