import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERGRAPH_PATH, startGateway, type RunningGateway } from '@plaza/gateway';
import { TEST_PASSWORD, createClient, expectData, expectErrorCode, startTestStack, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

// Small limits and a long first wait, so a few requests show them and none runs into a wait's end.
const FREE_FAILURES = 3;
const ADDRESS_FREE_FAILURES = 5;
const WAIT_SECONDS = 120;

let stack: TestStack;
// A second gateway over the same identity that believes X-Forwarded-For from the local proxy
// (the test), so each test can speak from client addresses of its own.
let proxied: RunningGateway;
beforeAll(async () => {
  stack = await startTestStack({
    only: ['identity'],
    env: {
      PLAZA_SIGN_IN_FREE_FAILURES: String(FREE_FAILURES),
      PLAZA_SIGN_IN_ADDRESS_FAILURES: String(ADDRESS_FREE_FAILURES),
      PLAZA_SIGN_IN_WAIT_SECONDS: String(WAIT_SECONDS),
    },
  });
  proxied = await startGateway({
    port: 0,
    subgraphUrls: { identity: stack.running.subgraphs.identity!.server.url },
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    assertionKeys: stack.keys.gateway,
    trustProxy: ['loopback'],
  });
});
afterAll(async () => {
  await proxied?.stop();
  await stack?.stop();
});

const SIGN_IN = graphql(`
  mutation SignInLimitsSignIn($input: SignInInput!) {
    signIn(input: $input) {
      token
    }
  }
`);

let sequence = 0;
const unknownEmail = () => `nobody-${Date.now().toString(36)}-${sequence++}@example.test`;
const from = (address: string) => createClient(proxied.url, undefined, { 'x-forwarded-for': address });
const signIn = (address: string, email: string, password: string) => from(address).request(SIGN_IN, { input: { email, password } });

/** What a client learns from an answer: the code, the message and the retry-after, nothing else. */
const answerOf = (response: Awaited<ReturnType<typeof signIn>>) =>
  response.errors?.map(({ message, extensions }) => ({
    message,
    code: extensions?.code,
    retryAfterSeconds: extensions?.retryAfterSeconds,
  }));

describe('sign-in limits through the gateway', () => {
  it('makes an email wait after repeated wrong passwords, even for the right one, with retryAfterSeconds', async () => {
    const user = await stack.signUp();
    for (let failure = 1; failure <= FREE_FAILURES; failure++) {
      expectErrorCode(await signIn('198.51.100.1', user.email, 'not-the-password'), 'UNAUTHENTICATED');
    }
    const limited = expectErrorCode(await signIn('198.51.100.1', user.email, TEST_PASSWORD), 'RATE_LIMITED');
    expect(limited.message).toMatch(/^Too many failed attempts for this email address; try again in \d+ s$/);
    expect(Number.isInteger(limited.extensions?.retryAfterSeconds)).toBe(true);
    expect(limited.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.extensions?.retryAfterSeconds).toBeLessThanOrEqual(WAIT_SECONDS);
    // The wait is the email's, not the address's: from elsewhere the email waits all the same.
    expectErrorCode(await signIn('198.51.100.99', user.email, TEST_PASSWORD), 'RATE_LIMITED');
  });

  it('answers an email without an account exactly as one with an account', async () => {
    const user = await stack.signUp();
    const answers = async (address: string, email: string) => {
      const seen = [];
      for (let attempt = 0; attempt <= FREE_FAILURES; attempt++) seen.push(answerOf(await signIn(address, email, 'not-the-password')));
      return seen;
    };
    const known = await answers('198.51.100.2', user.email);
    expect(known.at(-1)?.[0]?.code).toBe('RATE_LIMITED');
    // The wait counts down between the two runs: its seconds may differ by one, nothing else may.
    const unknown = await answers('198.51.100.3', unknownEmail());
    const withoutTime = (seen: typeof known) =>
      seen.map((errors) =>
        errors?.map((error) => ({ ...error, message: error.message.replace(/\d+ s$/, 'N s'), retryAfterSeconds: undefined })),
      );
    expect(withoutTime(unknown)).toEqual(withoutTime(known));
    expect(Math.abs(Number(unknown.at(-1)?.[0]?.retryAfterSeconds) - Number(known.at(-1)?.[0]?.retryAfterSeconds))).toBeLessThanOrEqual(1);
  });

  it('limits each client address on its own, across emails', async () => {
    const user = await stack.signUp();
    for (let failure = 1; failure <= ADDRESS_FREE_FAILURES; failure++) {
      expectErrorCode(await signIn('203.0.113.10', unknownEmail(), 'not-the-password'), 'UNAUTHENTICATED');
    }
    const limited = expectErrorCode(await signIn('203.0.113.10', user.email, TEST_PASSWORD), 'RATE_LIMITED');
    expect(limited.message).toMatch(/^Too many failed attempts from this client address; try again in \d+ s$/);
    expect(limited.extensions?.retryAfterSeconds).toBeGreaterThan(0);

    expectData(await signIn('203.0.113.11', user.email, TEST_PASSWORD));
  });

  it('never takes the client address from a header the proxy is not trusted for', async () => {
    for (let failure = 1; failure <= ADDRESS_FREE_FAILURES; failure++) {
      expectErrorCode(await signIn('203.0.113.20', unknownEmail(), 'not-the-password'), 'UNAUTHENTICATED');
    }
    expectErrorCode(await signIn('203.0.113.20', unknownEmail(), 'not-the-password'), 'RATE_LIMITED');
    // The stack's own gateway trusts no proxy: the same header there is just a header.
    const user = await stack.signUp();
    const direct = createClient(stack.url, undefined, { 'x-forwarded-for': '203.0.113.20' });
    expectData(await direct.request(SIGN_IN, { input: { email: user.email, password: TEST_PASSWORD } }));
  });
});
