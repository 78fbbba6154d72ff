import { beforeAll, describe, expect, it } from 'vitest';
import { sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';

// Every malformed request gets a JSON GraphQL error with a code — on the gateway and directly on
// subgraphs — never Express's HTML page with a stack trace, never a 500. Sent with plain fetch:
// these are bodies no GraphQL client would write.

let stack: TestStack;
let owner: Actor;
beforeAll(async () => {
  stack = await sharedTestStack();
  owner = await stack.createOrganization();
});

interface Target {
  name: string;
  url(): string;
  headers(): Promise<Record<string, string>>;
}

const gateway: Target = {
  name: 'gateway',
  url: () => stack.url,
  headers: async () => ({ authorization: `Bearer ${owner.token}` }),
};
/** A subgraph reached directly, with the viewer assertion the gateway would have sent. */
const subgraph = (name: string): Target => ({
  name,
  url: () => stack.running.subgraphs[name]!.server.url,
  headers: () => stack.subgraphHeadersFor({ userId: owner.userId, organizationId: owner.organizationId, role: 'OWNER' }),
});
const targets = [gateway, subgraph('identity'), subgraph('crm'), subgraph('commerce'), subgraph('community')];

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  errors: { message: string; extensions?: { code?: string } }[];
}

async function send(target: Target, body: string): Promise<Answer> {
  const response = await fetch(target.url(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await target.headers()) },
    body,
  });
  const text = await response.text();
  const parsed = (() => {
    try {
      return JSON.parse(text) as { errors?: Answer['errors'] };
    } catch {
      return {};
    }
  })();
  return { status: response.status, contentType: response.headers.get('content-type'), text, errors: parsed.errors ?? [] };
}

/** A JSON GraphQL error body with this status and code, and nothing of the server's insides. */
function expectRefused(answer: Answer, status: number, code: string, message?: string | RegExp) {
  expect(answer.contentType, answer.text).toMatch(/^application\/json/);
  expect(answer.status, answer.text).toBe(status);
  expect(answer.errors, answer.text).toHaveLength(1);
  expect(answer.errors[0]!.extensions?.code, answer.text).toBe(code);
  if (message) expect(answer.errors[0]!.message).toMatch(message);
  expect(answer.text).not.toMatch(/<html|<pre>/i);
  expect(answer.text).not.toMatch(/\bat \S+ \(|\bat <anonymous>|node_modules|\/work\//);
}

const request = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  JSON.stringify({ query, variables, operationName });

describe.each(targets)('malformed requests to $name', (target) => {
  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    expectRefused(await send(target, '{"query": "{ __typename }"'), 400, 'BAD_REQUEST', /not valid JSON/);
  });

  it('answers a JSON body that is null or a string with 400 BAD_REQUEST naming what it got', async () => {
    expectRefused(await send(target, 'null'), 400, 'BAD_REQUEST', /must be a JSON object.*got null/);
    expectRefused(await send(target, '"a string"'), 400, 'BAD_REQUEST', /must be a JSON object.*got string/);
  });

  it('answers a body over the 2 MB limit with 413 naming the limit', async () => {
    const answer = await send(target, request('{ __typename }', { padding: 'x'.repeat(3 * 1024 * 1024) }));
    expectRefused(answer, 413, 'PAYLOAD_TOO_LARGE', /2mb limit/);
  });

  it('answers an unknown operationName with 400 naming it', async () => {
    const answer = await send(target, request('query First { __typename }', undefined, 'Second'));
    expectRefused(answer, 400, 'BAD_REQUEST', /Unknown operation named "Second"/);
  });

  it('answers several operations without an operationName with 400', async () => {
    const answer = await send(target, request('query First { __typename } query Second { __typename }'));
    expectRefused(answer, 400, 'BAD_REQUEST', /several operations.*operationName/);
  });
});

const SIGN_IN = 'mutation BadInputSignIn($input: SignInInput!) { signIn(input: $input) { token } }';
const CREATE_CONTACT = 'mutation BadInputCreateContact($input: CreateContactInput!) { createContact(input: $input) { id } }';
const PRODUCT = 'query BadInputProduct($id: ID!) { product(id: $id) { id } }';
const SEARCH = 'query BadInputSearch($query: String!) { search(query: $query) { pageInfo { hasNextPage } } }';

interface StringCase {
  name: string;
  /** Subgraphs whose schema has the field; the gateway has them all. */
  subgraph: string;
  body: string;
  message: RegExp;
}

const NUL = '\u0000';
const LONE_SURROGATE = '\uD83D';
const stringCases: StringCase[] = [
  {
    name: 'a NUL byte in signIn variables',
    subgraph: 'identity',
    body: request(SIGN_IN, { input: { email: `a${NUL}@example.test`, password: 'x' } }),
    message: /^Variable "\$input" at "input\.email" contains a NUL character$/,
  },
  {
    name: 'a NUL byte in createContact variables',
    subgraph: 'crm',
    body: request(CREATE_CONTACT, { input: { email: 'nul@example.test', name: `Ada${NUL}` } }),
    message: /^Variable "\$input" at "input\.name" contains a NUL character$/,
  },
  {
    name: 'a NUL byte in an inline createContact literal',
    subgraph: 'crm',
    body: request('mutation { createContact(input: { email: "nul@example.test", name: "Ada\\u0000" }) { id } }'),
    message: /^Argument "input\.name" of "createContact" contains a NUL character$/,
  },
  {
    name: 'a NUL byte in product(id:) as a variable',
    subgraph: 'commerce',
    body: request(PRODUCT, { id: `p${NUL}` }),
    message: /^Variable "\$id" contains a NUL character$/,
  },
  {
    name: 'a NUL byte in an inline product(id:) literal',
    subgraph: 'commerce',
    body: request('{ product(id: "p\\u0000") { id } }'),
    message: /^Argument "id" of "product" contains a NUL character$/,
  },
  {
    name: 'a NUL byte in an inline search literal',
    subgraph: 'community',
    body: request('{ search(query: "hello\\u0000") { pageInfo { hasNextPage } } }'),
    message: /^Argument "query" of "search" contains a NUL character$/,
  },
  {
    name: 'an unpaired surrogate in search variables',
    subgraph: 'community',
    body: request(SEARCH, { query: `hello ${LONE_SURROGATE} world` }),
    message: /^Variable "\$query" contains an unpaired UTF-16 surrogate$/,
  },
  {
    name: 'an unpaired surrogate deep in createContact variables',
    subgraph: 'crm',
    body: request(CREATE_CONTACT, { input: { email: 'surrogate@example.test', name: `Ada ${LONE_SURROGATE}` } }),
    message: /^Variable "\$input" at "input\.name" contains an unpaired UTF-16 surrogate$/,
  },
];

describe('strings no database can store', () => {
  it.each(stringCases)('the gateway refuses $name with BAD_USER_INPUT naming it', async ({ body, message }) => {
    expectRefused(await send(gateway, body), 400, 'BAD_USER_INPUT', message);
  });

  it.each(stringCases)('the subgraph refuses $name itself', async ({ subgraph: name, body, message }) => {
    expectRefused(await send(subgraph(name), body), 400, 'BAD_USER_INPUT', message);
  });
});
