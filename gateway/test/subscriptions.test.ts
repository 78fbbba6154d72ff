import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '@plaza/auth';
import { createSseClient, createWsClient, expectData, startTestStack, subscribe, subscribeOverSse, until, type Actor, type TestStack } from '@plaza/testkit';

let stack: TestStack;
let owner: Actor;
beforeAll(async () => {
  stack = await startTestStack({ subscriptionRevalidateMs: 300 });
  owner = await stack.createOrganization();
});
afterAll(() => stack?.stop());

/** Opens a connection and reports how it closed. */
function closeCodeOf(token?: string): Promise<number> {
  return new Promise((resolve) => {
    const client = createWsClient(stack.url, token, (event) => resolve(event.code));
    subscribe(client, 'subscription { unreadNotificationCountChanged }');
  });
}

describe('subscriptions: connection', () => {
  it('refuses connection_init without a token, or with an invalid one, with 4403', async () => {
    expect(await closeCodeOf()).toBe(4403);
    expect(await closeCodeOf('not-a-jwt')).toBe(4403);
    const forged = await signAccessToken({ userId: owner.userId, organizationId: owner.organizationId, role: 'OWNER' }, 'z'.repeat(40));
    expect(await closeCodeOf(forged.token)).toBe(4403);
  });

  it('answers a malformed or invalid document with an error message and keeps the socket usable', async () => {
    const client = createWsClient(stack.url, owner.token);
    try {
      const broken = subscribe(client, 'subscription { notificationAdded { ');
      await expect(broken.done).rejects.toBeDefined();
      const unknownField = subscribe(client, 'subscription { noSuchField }');
      await expect(unknownField.done).rejects.toBeDefined();
      const query = subscribe(client, '{ me { id } }');
      await expect(query.done).rejects.toBeDefined();
      // Same socket, valid subscription: accepted and running.
      const valid = subscribe(client, 'subscription { unreadNotificationCountChanged }');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(valid.results).toEqual([]);
      valid.close();
    } finally {
      await client.dispose();
    }
  });
});

async function createSpace(admin: Actor, name = 'Live') {
  return expectData(await admin.request(`mutation ($name: String!) { createSpace(input: { name: $name, visibility: PUBLIC }) { id } }`, { name })).createSpace.id as string;
}
async function createPost(author: Actor, spaceId: string, title = 'Hello') {
  return expectData(
    await author.request(`mutation ($spaceId: ID!, $title: String!) { createPost(input: { spaceId: $spaceId, title: $title, body: "Body" }) { id } }`, { spaceId, title }),
  ).createPost.id as string;
}
/**
 * Subscriptions of one subgraph that are authorized and subscribed to their source: once this
 * rises, an event published next reaches them (the gateway's own count rises earlier, before
 * the subgraph has checked anything).
 */
const listening = (subgraph: string) => stack.running.subgraphs[subgraph]!.server.listeningSubscriptions();
/** addMember invites an existing user, whose notification identity's outbox delivers later: let it land first. */
async function invitationLanded(member: Actor) {
  await until(async () => (expectData(await member.request('{ unreadNotificationCount }')).unreadNotificationCount as number) > 0);
}
/** A client of either transport, as the tests drive it. */
function connect(transport: 'graphql-ws' | 'SSE', token: string) {
  if (transport === 'SSE') {
    const client = createSseClient(stack.url, token);
    return { subscribe: (query: string, variables?: Record<string, unknown>) => subscribeOverSse(client, query, variables), dispose: async () => client.dispose() };
  }
  const client = createWsClient(stack.url, token);
  return { subscribe: (query: string, variables?: Record<string, unknown>) => subscribe(client, query, variables), dispose: () => client.dispose() };
}
const upstreamCount = () =>
  stack.running.gateway.upstreamSubscriptions() +
  Object.values(stack.running.subgraphs).reduce((sum, { server }) => sum + server.activeSubscriptions(), 0);

describe('subscriptions: root fields, with fields from other subgraphs', () => {
  it('notificationAdded resolves actor (identity) and subject (community) for each event, and the unread count follows', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const spaceId = await createSpace(owner, 'Garden');
    const postId = await createPost(member, spaceId, 'Tomatoes');
    await invitationLanded(member);
    const client = createWsClient(stack.url, member.token);
    try {
      await until(() => listening('notifications') === 0);
      const added = subscribe(client, `subscription {
        notificationAdded { type actor { name } subject { __typename ... on Post { title space { name } } } }
      }`);
      const unread = subscribe(client, 'subscription { unreadNotificationCountChanged }');
      await until(() => listening('notifications') >= 2);

      const before = expectData(await member.request('{ unreadNotificationCount }')).unreadNotificationCount as number;
      expectData(await owner.request(`mutation ($postId: ID!) { createComment(input: { postId: $postId, body: "Lovely" }) { id } }`, { postId }));
      const event = await added.next();
      expect(event.errors).toBeUndefined();
      expect(event.data).toEqual({
        notificationAdded: { type: 'post.commented', actor: { name: owner.name }, subject: { __typename: 'Post', title: 'Tomatoes', space: { name: 'Garden' } } },
      });
      expect((await unread.next()).data).toEqual({ unreadNotificationCountChanged: before + 1 });

      expectData(await member.request('mutation { markAllNotificationsRead }'));
      expect((await unread.next()).data).toEqual({ unreadNotificationCountChanged: 0 });
    } finally {
      await client.dispose();
    }
  });

  it('a subscriber receives only its own notifications', async () => {
    const alice = await stack.addMember(owner, 'MEMBER');
    const bob = await stack.addMember(owner, 'MEMBER');
    const spaceId = await createSpace(owner);
    const bobsPost = await createPost(bob, spaceId);
    await invitationLanded(alice);
    const client = createWsClient(stack.url, alice.token);
    try {
      await until(() => listening('notifications') === 0);
      const added = subscribe(client, 'subscription { notificationAdded { id } }');
      await until(() => listening('notifications') >= 1);
      expectData(await owner.request(`mutation ($postId: ID!) { createComment(input: { postId: $postId, body: "For Bob" }) { id } }`, { postId: bobsPost }));
      await expect(added.next(1_500)).rejects.toThrow(/no subscription result/);
    } finally {
      await client.dispose();
    }
  });

  it.each(['graphql-ws', 'SSE'] as const)('postAdded over %s streams new posts of a readable space', async (transport) => {
    const spaceId = await createSpace(owner, 'News');
    const member = await stack.addMember(owner, 'MEMBER');
    const client = connect(transport, member.token);
    try {
      await until(() => listening('community') === 0);
      const posts = client.subscribe(`subscription ($spaceId: ID!) { postAdded(spaceId: $spaceId) { title author { name } space { name } } }`, { spaceId });
      await until(() => listening('community') >= 1);
      await createPost(owner, spaceId, 'Big news');
      expect(await posts.next()).toEqual({ data: { postAdded: { title: 'Big news', author: { name: owner.name }, space: { name: 'News' } } } });
    } finally {
      await client.dispose();
    }
  });

  it('postAdded answers another organization NOT_FOUND', async () => {
    const spaceId = await createSpace(owner, 'Private news');
    const stranger = await stack.createOrganization();
    const strangerClient = createWsClient(stack.url, stranger.token);
    try {
      const refused = subscribe(strangerClient, `subscription ($spaceId: ID!) { postAdded(spaceId: $spaceId) { title } }`, { spaceId });
      const answer = await refused.next();
      expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await strangerClient.dispose();
    }
  });

  it('messageAdded: FORBIDDEN for a conversation one is not in; members get each message with its sender', async () => {
    const alice = await stack.addMember(owner, 'MEMBER');
    const bob = await stack.addMember(owner, 'MEMBER');
    const carol = await stack.addMember(owner, 'MEMBER');
    const conversationId = expectData(
      await alice.request(`mutation ($userId: ID!) { startDirectConversation(userId: $userId) { id } }`, { userId: bob.userId }),
    ).startDirectConversation.id;
    const bobClient = createWsClient(stack.url, bob.token);
    const carolClient = createWsClient(stack.url, carol.token);
    try {
      const forbidden = subscribe(carolClient, `subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }`, { id: conversationId });
      expect((await forbidden.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      await until(() => listening('community') === 0);
      const messages = subscribe(bobClient, `subscription ($id: ID!) { messageAdded(conversationId: $id) { body sender { name } } }`, { id: conversationId });
      await until(() => listening('community') >= 1);
      expectData(await alice.request(`mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "Hi Bob" }) { id } }`, { id: conversationId }));
      expect((await messages.next()).data).toEqual({ messageAdded: { body: 'Hi Bob', sender: { name: alice.name } } });
    } finally {
      await bobClient.dispose();
      await carolClient.dispose();
    }
  });
});

describe('subscriptions: lifecycle', () => {
  it('releases every upstream subscription after 1,000 connect/subscribe/disconnect cycles', async () => {
    // Earlier tests' clients are gone: their upstream subscriptions must drain too.
    await until(() => upstreamCount() === 0);
    for (let cycle = 0; cycle < 1_000; cycle++) {
      const client = createWsClient(stack.url, owner.token);
      const subscription = subscribe(client, 'subscription { unreadNotificationCountChanged }');
      if (cycle % 100 === 0) await until(() => stack.running.gateway.upstreamSubscriptions() >= 1);
      subscription.close();
      await client.dispose();
    }
    await until(() => upstreamCount() === 0);
    expect(stack.running.gateway.clientSubscriptions()).toBe(0);
  }, 180_000);

  it('ends subscriptions with an error when their subgraph restarts, instead of leaving them hanging', async () => {
    const client = createWsClient(stack.url, owner.token);
    try {
      const subscription = subscribe(client, 'subscription { unreadNotificationCountChanged }');
      await until(() => stack.running.subgraphs.notifications?.server.activeSubscriptions() === 1);
      await stack.running.stopSubgraph('notifications');
      const last = await subscription.next();
      expect(last.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTION_ENDED');
      await subscription.done;
    } finally {
      await stack.running.startSubgraph('notifications');
      await client.dispose();
    }
  });

  it('closes the connection when the access token expires', async () => {
    const shortLived = await signAccessToken(
      { userId: owner.userId, organizationId: owner.organizationId, role: 'OWNER' },
      'plaza-development-jwt-secret-change-me-0000',
      2,
    );
    const started = Date.now();
    const code = await new Promise<number>((resolve) => {
      const client = createWsClient(stack.url, shortLived.token, (event) => resolve(event.code));
      subscribe(client, 'subscription { unreadNotificationCountChanged }');
    });
    expect(code).toBe(4403);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('closes the connection when the membership ends', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      const client = createWsClient(stack.url, member.token, resolve);
      subscribe(client, 'subscription { unreadNotificationCountChanged }');
    });
    await until(() => stack.running.gateway.clientSubscriptions() >= 1);
    expectData(await owner.request(`mutation ($id: ID!) { removeMember(userId: $id) }`, { id: member.userId }));
    const event = await closed;
    expect(event.code).toBe(4403);
    expect(event.reason).toMatch(/Membership/);
  });

  it('re-checks memberships once per viewer per round, not once per connection', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const clients = Array.from({ length: 10 }, () => createWsClient(stack.url, member.token));
    try {
      clients.forEach((client) => subscribe(client, 'subscription { unreadNotificationCountChanged }'));
      await until(() => stack.running.gateway.clientSubscriptions() >= 10);
      const identityFetches = () => stack.running.gateway.subgraphFetches().identity ?? 0;
      const before = identityFetches();
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // about three rounds of 300 ms
      const rounds = identityFetches() - before;
      expect(rounds).toBeGreaterThanOrEqual(1);
      expect(rounds).toBeLessThanOrEqual(5);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

// The same subscriptions over Server-Sent Events (graphql-sse, one stream per subscription) on
// the same /graphql as queries, mutations and graphql-ws.
const UNREAD = 'subscription { unreadNotificationCountChanged }';

function postEventStream(body: unknown, headers: Record<string, string> = {}) {
  return fetch(stack.url, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('subscriptions over SSE: requests', () => {
  it('refuses a stream without a token, or with an invalid one, with 401 and UNAUTHENTICATED', async () => {
    const forged = await signAccessToken({ userId: owner.userId, organizationId: owner.organizationId, role: 'OWNER' }, 'z'.repeat(40));
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer not-a-jwt' }, { authorization: `Bearer ${forged.token}` }, { authorization: 'Basic abc' }]) {
      const response = await postEventStream({ query: UNREAD }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
    const refused = subscribeOverSse(createSseClient(stack.url), UNREAD);
    await expect(refused.done).rejects.toMatchObject({ response: { status: 401 } });
  });

  it('answers an invalid document, or a query sent as a stream, with 400 and the errors', async () => {
    for (const query of ['subscription { notificationAdded { ', 'subscription { noSuchField }', '{ me { id } }']) {
      const response = await postEventStream({ query }, { authorization: `Bearer ${owner.token}` });
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { errors: { message: string }[] };
      expect(body.errors.length, query).toBeGreaterThan(0);
    }
  });

  it('keeps queries and mutations over POST on Apollo Server, and the playground on GET', async () => {
    expect(expectData(await owner.request('{ me { id } }')).me).toEqual({ id: owner.userId });
    expect(typeof (await createSpace(owner, 'Over HTTP'))).toBe('string');
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
  });
});

describe('subscriptions over SSE: lifecycle', () => {
  it('releases the upstream subscription when the client disconnects', async () => {
    await until(() => upstreamCount() === 0);
    for (let cycle = 0; cycle < 20; cycle++) {
      const client = createSseClient(stack.url, owner.token);
      const subscription = subscribeOverSse(client, UNREAD);
      await until(() => stack.running.gateway.upstreamSubscriptions() === 1 && stack.running.gateway.clientSubscriptions() === 1);
      subscription.close();
      client.dispose();
    }
    await until(() => upstreamCount() === 0);
    expect(stack.running.gateway.clientSubscriptions()).toBe(0);
  });
});

describe('subscriptions over SSE: the gateway ends streams', () => {
  it('when the access token expires, with UNAUTHENTICATED', async () => {
    const shortLived = await signAccessToken(
      { userId: owner.userId, organizationId: owner.organizationId, role: 'OWNER' },
      'plaza-development-jwt-secret-change-me-0000',
      2,
    );
    const started = Date.now();
    const subscription = subscribeOverSse(createSseClient(stack.url, shortLived.token), UNREAD);
    const last = await subscription.next();
    expect(last.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await subscription.done;
    expect(Date.now() - started).toBeLessThan(5_000);
    await until(() => stack.running.gateway.clientSubscriptions() === 0);
  });

  it('when the membership ends, with FORBIDDEN', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const subscription = subscribeOverSse(createSseClient(stack.url, member.token), UNREAD);
    await until(() => stack.running.gateway.clientSubscriptions() >= 1);
    expectData(await owner.request(`mutation ($id: ID!) { removeMember(userId: $id) }`, { id: member.userId }));
    const last = await subscription.next();
    expect(last.errors?.[0]).toMatchObject({ message: 'Membership ended or changed', extensions: { code: 'FORBIDDEN' } });
    await subscription.done;
  });
});
