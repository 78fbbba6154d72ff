import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { API_KEY_FETCHES, createRateLimits } from '../src/index.ts';
import type { ApiKeyScope } from './graphql/graphql.ts';
import { graphql } from './graphql/index.ts';

// API keys for integrations, end to end through real HTTP: admins issue them in identity, the
// gateway accepts `Authorization: Bearer plz_…` and passes a service viewer (the key, its
// organization, its scopes) to subgraphs, which enforce the scopes.

const CREATE_API_KEY = graphql(`
  mutation ApiKeysCreate($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
        name
        prefix
        scopes
        expiresAt
        lastUsedAt
      }
    }
  }
`);
const API_KEYS = graphql(`
  query ApiKeysList($includeRevoked: Boolean) {
    apiKeys(includeRevoked: $includeRevoked) {
      edges {
        node {
          id
          name
          prefix
          scopes
          lastUsedAt
          revokedAt
          rotatedAt
          createdBy {
            id
          }
        }
      }
    }
  }
`);
const ROTATE_API_KEY = graphql(`
  mutation ApiKeysRotate($id: ID!) {
    rotateApiKey(id: $id) {
      key
      apiKey {
        id
        prefix
        rotatedAt
      }
    }
  }
`);
const REVOKE_API_KEY = graphql(`
  mutation ApiKeysRevoke($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);
const ORGANIZATION = graphql(`
  query ApiKeysOrganization($id: ID) {
    organization(id: $id) {
      id
      members {
        edges {
          node {
            user {
              id
              name
              email
            }
          }
        }
      }
    }
  }
`);
const ME = graphql(`
  query ApiKeysMe {
    me {
      id
    }
  }
`);
const POINT_RULES = graphql(`
  query ApiKeysPointRules {
    pointRules {
      action
      points
    }
  }
`);
const SET_POINT_RULE = graphql(`
  mutation ApiKeysSetPointRule($points: Int!) {
    setPointRule(input: { action: POST_CREATED, points: $points }) {
      action
      points
    }
  }
`);
const REMOVE_MEMBER = graphql(`
  mutation ApiKeysRemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);

type Scope = ApiKeyScope;

let stack: TestStack;
let owner: Actor;
let member: Actor;
let otherOwner: Actor;
const gateways: { stop(): Promise<void> }[] = [];
beforeAll(async () => {
  stack = await sharedTestStack();
  owner = await stack.createOrganization();
  member = await stack.addMember(owner, 'MEMBER');
  otherOwner = await stack.createOrganization();
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function issue(admin: Actor, scopes: Scope[], expiresAt = inDays(30)) {
  return expectData(await admin.request(CREATE_API_KEY, { input: { name: `Sync ${scopes.join(' ')}`, scopes, expiresAt } })).createApiKey;
}

describe('API keys', () => {
  it('are created, used, listed with their last use, rotated and revoked', async () => {
    const created = await issue(owner, ['IDENTITY_READ', 'COMMUNITY_READ']);
    expect(created.key).toMatch(/^plz_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`${created.apiKey.prefix}_`)).toBe(true);
    expect(created.apiKey).toMatchObject({ scopes: ['IDENTITY_READ', 'COMMUNITY_READ'], lastUsedAt: null });

    // Used: the key acts in its organization, as no user.
    const integration = createClient(stack.url, created.key);
    const organization = expectData(await integration.request(ORGANIZATION, {})).organization;
    expect(organization.id).toBe(owner.organizationId);
    const members = organization.members.edges.map((edge) => edge.node.user);
    expect(members.map((user) => user.id).sort()).toEqual([owner.userId, member.userId].sort());
    // Keys see members' names, not their email addresses.
    expect(members.every((user) => user.email === null)).toBe(true);
    expect((await integration.request(ME)).data?.me).toBeNull();

    // Listed with its last use; the secret never comes back.
    const listed = expectData(await owner.request(API_KEYS, {})).apiKeys.edges.map((edge) => edge.node);
    const entry = listed.find((node) => node.id === created.apiKey.id);
    expect(entry).toMatchObject({ prefix: created.apiKey.prefix, createdBy: { id: owner.userId }, revokedAt: null });
    expect(entry?.lastUsedAt).not.toBeNull();
    const secret = created.key.slice(created.apiKey.prefix.length + 1);
    expect(JSON.stringify(listed)).not.toContain(secret);

    // Rotated: the old key stops at once, the new one works; same id and prefix.
    const rotated = expectData(await owner.request(ROTATE_API_KEY, { id: created.apiKey.id })).rotateApiKey;
    expect(rotated.apiKey).toMatchObject({ id: created.apiKey.id, prefix: created.apiKey.prefix });
    expect(rotated.key).not.toBe(created.key);
    expectErrorCode(await integration.request(ORGANIZATION, {}), 'UNAUTHENTICATED');
    const renewed = createClient(stack.url, rotated.key);
    expect(expectData(await renewed.request(ORGANIZATION, {})).organization.id).toBe(owner.organizationId);

    // Revoked: refused from the next request on.
    expectData(await owner.request(REVOKE_API_KEY, { id: created.apiKey.id }));
    const refused = expectErrorCode(await renewed.request(ORGANIZATION, {}), 'UNAUTHENTICATED');
    expect(refused.message).toMatch(/revoked/);
    expect(refused.message).not.toContain(secret);
    const active = expectData(await owner.request(API_KEYS, {})).apiKeys.edges.map((edge) => edge.node.id);
    expect(active).not.toContain(created.apiKey.id);
    const all = expectData(await owner.request(API_KEYS, { includeRevoked: true })).apiKeys.edges.map((edge) => edge.node);
    expect(all.find((node) => node.id === created.apiKey.id)?.revokedAt).not.toBeNull();
    expectErrorCode(await owner.request(ROTATE_API_KEY, { id: created.apiKey.id }), 'CONFLICT');
  });

  it('refuse what their scopes do not grant, naming the missing scope', async () => {
    const reader = createClient(stack.url, (await issue(owner, ['COMMUNITY_READ'])).key);
    expect(expectData(await reader.request(POINT_RULES)).pointRules.length).toBeGreaterThan(0);
    const refused = expectErrorCode(await reader.request(SET_POINT_RULE, { points: 7 }), 'FORBIDDEN');
    expect(refused.extensions).toMatchObject({ requiredScope: 'community:write' });
    expect(refused.message).toContain('community:write');
    // No identity scope: identity's data is refused.
    expect(expectErrorCode(await reader.request(ORGANIZATION, {}), 'FORBIDDEN').extensions).toMatchObject({
      requiredScope: 'identity:read',
    });

    const writer = createClient(stack.url, (await issue(owner, ['COMMUNITY_READ', 'COMMUNITY_WRITE'])).key);
    expect(expectData(await writer.request(SET_POINT_RULE, { points: 7 })).setPointRule.points).toBe(7);
    const rules = expectData(await owner.request(POINT_RULES)).pointRules;
    expect(rules.find((rule) => rule.action === 'POST_CREATED')?.points).toBe(7);
  });

  it('cannot manage API keys or memberships, whatever their scopes', async () => {
    const admin = createClient(stack.url, (await issue(owner, ['IDENTITY_READ', 'IDENTITY_WRITE'])).key);
    const creating = await admin.request(CREATE_API_KEY, { input: { name: 'Escalate', scopes: ['IDENTITY_WRITE'], expiresAt: inDays(1) } });
    expect(expectErrorCode(creating, 'FORBIDDEN').message).toMatch(/acts for no user/);
    expectErrorCode(await admin.request(API_KEYS, {}), 'FORBIDDEN');
    expectErrorCode(await admin.request(REMOVE_MEMBER, { userId: member.userId }), 'FORBIDDEN');
    // Members who are not admins cannot issue keys either.
    expectErrorCode(
      await member.request(CREATE_API_KEY, { input: { name: 'Mine', scopes: ['IDENTITY_READ'], expiresAt: inDays(1) } }),
      'FORBIDDEN',
    );
  });

  it("see only their own organization's data, and other organizations cannot touch them", async () => {
    const created = await issue(owner, ['IDENTITY_READ']);
    const integration = createClient(stack.url, created.key);
    expectErrorCode(await integration.request(ORGANIZATION, { id: otherOwner.organizationId }), 'NOT_FOUND');
    expectErrorCode(await otherOwner.request(REVOKE_API_KEY, { id: created.apiKey.id }), 'NOT_FOUND');
    expectErrorCode(await otherOwner.request(ROTATE_API_KEY, { id: created.apiKey.id }), 'NOT_FOUND');
    const theirs = expectData(await otherOwner.request(API_KEYS, { includeRevoked: true })).apiKeys.edges.map((edge) => edge.node.id);
    expect(theirs).not.toContain(created.apiKey.id);
    // Still working after the other organization's attempts.
    expect(expectData(await integration.request(ORGANIZATION, {})).organization.id).toBe(owner.organizationId);
  });

  it('refuses an expired key, a made-up key and a bad expiry with stable codes', async () => {
    const shortLived = await issue(owner, ['IDENTITY_READ'], new Date(Date.now() + 1_500).toISOString());
    const integration = createClient(stack.url, shortLived.key);
    expectData(await integration.request(ORGANIZATION, {}));
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(expectErrorCode(await integration.request(ORGANIZATION, {}), 'UNAUTHENTICATED').message).toMatch(/expired on/);

    const madeUp = `${shortLived.apiKey.prefix}_${'A'.repeat(43)}`;
    expectErrorCode(await createClient(stack.url, madeUp).request(ORGANIZATION, {}), 'UNAUTHENTICATED');
    expectErrorCode(await createClient(stack.url, 'plz_nonsense').request(ORGANIZATION, {}), 'UNAUTHENTICATED');

    const past = await owner.request(CREATE_API_KEY, { input: { name: 'Past', scopes: ['IDENTITY_READ'], expiresAt: inDays(-1) } });
    expect(expectErrorCode(past, 'BAD_USER_INPUT').message).toMatch(/expiresAt: must be in the future/);
    const empty = await owner.request(CREATE_API_KEY, { input: { name: 'None', scopes: [], expiresAt: inDays(1) } });
    expect(expectErrorCode(empty, 'BAD_USER_INPUT').message).toMatch(/scopes: must hold at least one scope/);
  });

  it('a key revoked through one gateway is refused on the next request through another, and no gateway logs a key', async () => {
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const second = await stack.running.startGatewayReplica({}, { log: pino({ level: 'trace' }, capture) });
    gateways.push(second);
    const created = await issue(owner, ['IDENTITY_READ']);
    const throughSecond = createClient(second.url, created.key);
    expectData(await throughSecond.request(ORGANIZATION, {}));
    // One identity lookup per request with a key, and no answer kept to go stale.
    expect(second.subgraphFetches()[API_KEY_FETCHES]).toBe(1);
    expectData(await owner.request(REVOKE_API_KEY, { id: created.apiKey.id }));
    expectErrorCode(await throughSecond.request(ORGANIZATION, {}), 'UNAUTHENTICATED');
    expect(second.subgraphFetches()[API_KEY_FETCHES]).toBe(2);
    expectErrorCode(await createClient(second.url, `${created.key}x`).request(ORGANIZATION, {}), 'UNAUTHENTICATED');
    const secret = created.key.slice(created.apiKey.prefix.length + 1);
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('are refused on subscriptions, which take users only', async () => {
    const { key } = await issue(owner, ['NOTIFICATIONS_READ']);
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: 'subscription { notificationAdded { type } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(body.errors[0]!.message).toMatch(/subscriptions need a user's access token/);
  });

  it('counts requests per key against the apiKey budget, apart from users and other keys', async () => {
    const unlimited = { requests: 1_000, cost: 1_000_000 };
    const limited = await stack.running.startGatewayReplica(
      {},
      { rateLimits: createRateLimits({ signedIn: unlimited, anonymous: unlimited, apiKey: { requests: 2, cost: 1_000_000 } }, null) },
    );
    gateways.push(limited);
    const first = createClient(limited.url, (await issue(owner, ['IDENTITY_READ'])).key);
    expectData(await first.request(ME));
    expectData(await first.request(ME));
    const refused = expectErrorCode(await first.request(ME), 'RATE_LIMITED');
    expect(refused.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // Another key, and the admin who issued both, have budgets of their own.
    expectData(await createClient(limited.url, (await issue(owner, ['IDENTITY_READ'])).key).request(ME));
    expectData(await createClient(limited.url, owner.token).request(ME));
  });
});
