import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedTestStack, type TestStack } from '@plaza/testkit';

// CORS from the configured allow-list and helmet's security headers, over real HTTP: on answers,
// refusals, preflights and the playground page. A gateway of its own with one allowed origin.

const ALLOWED = 'https://app.plaza.test';
const FOREIGN = 'https://evil.example';

let stack: TestStack;
let url: string;
const stops: (() => Promise<void>)[] = [];
beforeAll(async () => {
  stack = await sharedTestStack();
  const gateway = await stack.running.startGatewayReplica({}, { corsOrigins: [ALLOWED] });
  stops.push(() => gateway.stop());
  url = gateway.url;
});
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

const post = (body: unknown, origin: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
}

describe('CORS and security headers', () => {
  it('lets an allowed origin read answers, and gives a foreign origin no CORS headers', async () => {
    const allowed = await post({ query: '{ __typename }' }, ALLOWED);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/retry-after/);
    expectSecurityHeaders(allowed);

    const foreign = await post({ query: '{ __typename }' }, FOREIGN);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expectSecurityHeaders(foreign);
  });

  it('answers a preflight for the allowed origin with the methods and headers GraphQL clients send', async () => {
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(preflight.headers.get('access-control-max-age')).toBe('600');

    const foreign = await fetch(url, { method: 'OPTIONS', headers: { origin: FOREIGN, 'access-control-request-method': 'POST' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends the headers on errors too: a refused operation, a bad request, an unknown path', async () => {
    const unauthenticated = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ALLOWED, authorization: 'Bearer nonsense' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(unauthenticated.status).toBeGreaterThanOrEqual(400);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expectSecurityHeaders(unauthenticated);

    const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: ALLOWED }, body: '{' });
    expect(malformed.status).toBe(400);
    expectSecurityHeaders(malformed);

    const missing = await fetch(new URL('/nowhere', url), { headers: { origin: ALLOWED } });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
  });

  it('gives the playground a policy that runs only its own inlined scripts and talks only to this origin', async () => {
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(policy).toMatch(/connect-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
