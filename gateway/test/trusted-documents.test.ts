import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedTestStack, testConfig, type Actor, type TestStack } from '@plaza/testkit';
import { readManifest, redisApqCache, type TrustedDocuments, type TrustedDocumentsMode } from '../src/trusted-documents.ts';
import { graphql } from './graphql/index.ts';

// Trusted documents from a real client build's manifest — GraphQL Code Generator's client preset
// writes gateway/test/graphql/persisted-documents.json from this folder's documents — and
// automatic persisted queries shared by two gateways through Redis, over real HTTP.

const MANIFEST = fileURLToPath(new URL('./graphql/persisted-documents.json', import.meta.url));
const TRUSTED_ME = graphql(`
  query GatewayTrustedMe {
    me {
      email
    }
  }
`);
const hashOf = (document: { __meta__?: Record<string, unknown> }) => String(document.__meta__?.hash);

let stack: TestStack;
let member: Actor;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  stack = await sharedTestStack();
  member = await stack.createOrganization();
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function gatewayWith(mode: TrustedDocumentsMode, apq: ReturnType<typeof redisApqCache> | null = null) {
  const trustedDocuments: TrustedDocuments = {
    mode,
    documents: readManifest(MANIFEST),
    apqCache: apq?.cache ?? null,
    close: async () => apq?.close(),
  };
  const gateway = await stack.running.startGatewayReplica({}, { trustedDocuments });
  cleanups.push(() => gateway.stop());
  return gateway.url;
}

async function send(url: string, body: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${member.token}` },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

describe('trusted documents', () => {
  it('runs a known document by its hash, sent as documentId or as APQ extension, in enforce mode', async () => {
    const url = await gatewayWith('enforce');
    const hash = hashOf(TRUSTED_ME);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const byId = await send(url, { documentId: hash });
    expect(byId.body).toEqual({ data: { me: { email: member.email } } });
    const byExtension = await send(url, { extensions: { persistedQuery: { version: 1, sha256Hash: hash.slice('sha256:'.length) } } });
    expect(byExtension.body).toEqual({ data: { me: { email: member.email } } });
    // The manifest's exact text of a document runs too (the build prints it minified).
    const text = readManifest(MANIFEST).get(hash.slice('sha256:'.length))!;
    expect((await send(url, { query: text })).body).toEqual({ data: { me: { email: member.email } } });
  });

  it('refuses an unknown hash and free text in enforce mode with stable codes, before anything runs', async () => {
    const url = await gatewayWith('enforce');
    const unknown = await send(url, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.extensions).toEqual({ code: 'TRUSTED_DOCUMENT_NOT_FOUND', documentId: `sha256:${'0'.repeat(64)}` });
    const freeText = await send(url, { query: '{ me { email name } }' });
    expect(freeText.status).toBe(400);
    expect(freeText.body.errors?.[0]?.extensions).toEqual({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
    // APQ cannot make a document trusted: registering is refused too.
    const query = '{ me { name } }';
    const registering = await send(url, {
      query,
      extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } },
    });
    expect(registering.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_NOT_FOUND');
  });

  it('runs known hashes and any other document in allow-also mode', async () => {
    const url = await gatewayWith('allow-also');
    expect((await send(url, { documentId: hashOf(TRUSTED_ME) })).body).toEqual({ data: { me: { email: member.email } } });
    expect((await send(url, { query: '{ me { email } }' })).body).toEqual({ data: { me: { email: member.email } } });
  });

  it('finds on gateway B a document registered through APQ on gateway A, through Redis', async () => {
    const prefix = `plaza-test-apq-${Date.now().toString(36)}`;
    const [first, second] = [
      await gatewayWith('off', redisApqCache(testConfig().redisUrl, prefix)),
      await gatewayWith('off', redisApqCache(testConfig().redisUrl, prefix)),
    ];
    const query = `{ me { email } } # ${prefix}`;
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };

    // Unknown everywhere at first: the client is told to send the text once.
    expect((await send(second, { extensions: { persistedQuery } })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await send(first, { query, extensions: { persistedQuery } })).body).toEqual({ data: { me: { email: member.email } } });
    expect((await send(second, { extensions: { persistedQuery } })).body).toEqual({ data: { me: { email: member.email } } });
  });
});
