import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateSigningKey, signAccessToken, signingKeysOf } from '@plaza/auth';
import {
  createSseClient,
  createWsClient,
  expectData,
  startTestStack,
  subscribe,
  subscribeOverSse,
  type Actor,
  type TestStack,
  type TypedDocument,
} from '@plaza/testkit';
import { VIEWER_ACCESS_FETCHES } from '../src/server.ts';
import { graphql } from './graphql/index.ts';

// A stack of its own: frequent membership re-checks, and a test stops notifications.
// Every second, not faster: a viewer stays subscribed only while identity answers within its
// grace period (3 rounds), which a busy machine running PGlite can miss at 300 ms rounds.
const REVALIDATE_MS = 1_000;
let stack: TestStack;
let owner: Actor;
beforeAll(async () => {
  stack = await startTestStack({ only: ['identity', 'community', 'notifications'], subscriptionRevalidateMs: REVALIDATE_MS });
  owner = await stack.createOrganization();
});
afterAll(() => stack?.stop());

/** How long a test waits for the stack to reach a state (subscriptions opened or released, events landed). */
const SETTLE = { timeout: 10_000, interval: 25 };

const UNREAD = graphql(`
  subscription GatewayUnreadCountChanged {
    unreadNotificationCountChanged
  }
`);
const UNREAD_COUNT = graphql(`
  query GatewayUnreadNotificationCount {
    unreadNotificationCount
  }
`);
const MARK_ALL_READ = graphql(`
  mutation GatewayMarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);
const ME = graphql(`
  query GatewayMeId {
    me {
      id
    }
  }
`);
const CREATE_SPACE = graphql(`
  mutation GatewaySubscriptionsCreateSpace($name: String!) {
    createSpace(input: { name: $name, visibility: PUBLIC }) {
      id
    }
  }
`);
const CREATE_POST = graphql(`
  mutation GatewaySubscriptionsCreatePost($spaceId: ID!, $title: String!) {
    createPost(input: { spaceId: $spaceId, title: $title, body: "Body" }) {
      id
    }
  }
`);
const CREATE_COMMENT = graphql(`
  mutation GatewaySubscriptionsCreateComment($postId: ID!, $body: String!) {
    createComment(input: { postId: $postId, body: $body }) {
      id
    }
  }
`);
const NOTIFICATION_ADDED = graphql(`
  subscription GatewayNotificationAddedWithSubject {
    notificationAdded {
      type
      actor {
        name
      }
      subject {
        __typename
        ... on Post {
          title
          space {
            name
          }
        }
      }
    }
  }
`);
const NOTIFICATION_ADDED_ID = graphql(`
  subscription GatewayNotificationAddedId {
    notificationAdded {
      id
    }
  }
`);
const POST_ADDED = graphql(`
  subscription GatewayPostAdded($spaceId: ID!) {
    postAdded(spaceId: $spaceId) {
      title
      author {
        name
      }
      space {
        name
      }
    }
  }
`);
const POST_ADDED_TITLE = graphql(`
  subscription GatewayPostAddedTitle($spaceId: ID!) {
    postAdded(spaceId: $spaceId) {
      title
    }
  }
`);
const START_CONVERSATION = graphql(`
  mutation GatewayStartDirectConversation($userId: ID!) {
    startDirectConversation(userId: $userId) {
      id
    }
  }
`);
const SEND_MESSAGE = graphql(`
  mutation GatewaySendMessage($id: ID!) {
    sendMessage(input: { conversationId: $id, body: "Hi Bob" }) {
      id
    }
  }
`);
const MESSAGE_ADDED_BODY = graphql(`
  subscription GatewayMessageAddedBody($id: ID!) {
    messageAdded(conversationId: $id) {
      body
    }
  }
`);
const MESSAGE_ADDED = graphql(`
  subscription GatewayMessageAdded($id: ID!) {
    messageAdded(conversationId: $id) {
      body
      sender {
        name
      }
    }
  }
`);
const REMOVE_MEMBER = graphql(`
  mutation GatewaySubscriptionsRemoveMember($id: ID!) {
    removeMember(userId: $id)
  }
`);
/** Documents no subscription may run: broken syntax, an unknown field, a query. Sent as they are, untyped. */
const INVALID_SUBSCRIPTIONS = ['subscription { notificationAdded { ', 'subscription { noSuchField }', '{ me { id } }'];

/**
 * How the gateway words the end of a removed member's subscriptions: identity announces the
 * removal and the gateway ends them at once, or (had the announcement not arrived yet) the next
 * membership re-check finds it.
 */
const MEMBERSHIP_ENDED = /^(Your membership has ended|Membership ended or changed)$/;

/** The sign-in session an actor's token belongs to: a token signed for it is valid until it expires. */
function sessionOf(actor: Actor): string {
  const { sid } = decodeJwt(actor.token);
  if (typeof sid !== 'string') throw new Error('the access token names no session');
  return sid;
}
/** The owner's claims, for tokens signed here: forged (an unknown key) or short-lived (identity's key). */
const ownerClaims = () => ({
  userId: owner.userId,
  organizationId: owner.organizationId,
  role: 'OWNER' as const,
  sessionId: sessionOf(owner),
});
/** A token identity did not sign: right claims, a key of nobody's. */
const forgedToken = async () => (await signAccessToken(ownerClaims(), signingKeysOf([generateSigningKey()]))).token;
/** A valid token of the owner's session that expires in one to two seconds. */
const shortLivedToken = async () => (await signAccessToken(ownerClaims(), stack.keys.identity, 2)).token;

/** Opens a connection and reports how it closed. */
function closeCodeOf(token?: string): Promise<number> {
  return new Promise((resolve) => {
    const client = createWsClient(stack.url, token, (event) => resolve(event.code));
    subscribe(client, UNREAD);
  });
}

describe('subscriptions: connection', () => {
  it('refuses connection_init without a token, or with an invalid one, with 4403', async () => {
    expect(await closeCodeOf()).toBe(4403);
    expect(await closeCodeOf('not-a-jwt')).toBe(4403);
    expect(await closeCodeOf(await forgedToken())).toBe(4403);
  });

  it('answers a malformed or invalid document with an error message and keeps the socket usable', async () => {
    const client = createWsClient(stack.url, owner.token);
    try {
      const [malformed, unknownField] = INVALID_SUBSCRIPTIONS;
      const broken = subscribe(client, malformed!);
      await expect(broken.done).rejects.toBeDefined();
      const noSuchField = subscribe(client, unknownField!);
      await expect(noSuchField.done).rejects.toBeDefined();
      const query = subscribe(client, ME);
      await expect(query.done).rejects.toBeDefined();
      // Same socket, valid subscription: accepted and running.
      const valid = subscribe(client, UNREAD);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(valid.results).toEqual([]);
      valid.close();
    } finally {
      await client.dispose();
    }
  });
});

async function createSpace(admin: Actor, name = 'Live') {
  return expectData(await admin.request(CREATE_SPACE, { name })).createSpace.id;
}
async function createPost(author: Actor, spaceId: string, title = 'Hello') {
  return expectData(await author.request(CREATE_POST, { spaceId, title })).createPost.id;
}
/**
 * Subscriptions of one subgraph that are authorized and subscribed to their source: once this
 * rises, an event published next reaches them (the gateway's own count rises earlier, before
 * the subgraph has checked anything).
 */
const listening = (subgraph: string) => stack.running.subgraphs[subgraph]!.server.listeningSubscriptions();
/** addMember invites an existing user, whose notification identity's outbox delivers later: let it land first. */
async function invitationLanded(member: Actor) {
  await vi.waitFor(async () => expect(expectData(await member.request(UNREAD_COUNT)).unreadNotificationCount).toBeGreaterThan(0), SETTLE);
}
/** A client of either transport, as the tests drive it. */
function connect(transport: 'graphql-ws' | 'SSE', token: string) {
  if (transport === 'SSE') {
    const client = createSseClient(stack.url, token);
    return {
      subscribe: <Data, Variables>(document: TypedDocument<Data, Variables>, variables?: Variables) =>
        subscribeOverSse(client, document, variables),
      dispose: async () => client.dispose(),
    };
  }
  const client = createWsClient(stack.url, token);
  return {
    subscribe: <Data, Variables>(document: TypedDocument<Data, Variables>, variables?: Variables) => subscribe(client, document, variables),
    dispose: () => client.dispose(),
  };
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
      await vi.waitFor(() => expect(listening('notifications')).toBe(0), SETTLE);
      const added = subscribe(client, NOTIFICATION_ADDED);
      const unread = subscribe(client, UNREAD);
      await vi.waitFor(() => expect(listening('notifications')).toBeGreaterThanOrEqual(2), SETTLE);

      const before = expectData(await member.request(UNREAD_COUNT)).unreadNotificationCount;
      expectData(await owner.request(CREATE_COMMENT, { postId, body: 'Lovely' }));
      const event = await added.next();
      expect(event.errors).toBeUndefined();
      expect(event.data).toEqual({
        notificationAdded: {
          type: 'post.commented',
          actor: { name: owner.name },
          subject: { __typename: 'Post', title: 'Tomatoes', space: { name: 'Garden' } },
        },
      });
      expect((await unread.next()).data).toEqual({ unreadNotificationCountChanged: before + 1 });

      expectData(await member.request(MARK_ALL_READ));
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
      await vi.waitFor(() => expect(listening('notifications')).toBe(0), SETTLE);
      const added = subscribe(client, NOTIFICATION_ADDED_ID);
      await vi.waitFor(() => expect(listening('notifications')).toBeGreaterThanOrEqual(1), SETTLE);
      expectData(await owner.request(CREATE_COMMENT, { postId: bobsPost, body: 'For Bob' }));
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
      await vi.waitFor(() => expect(listening('community')).toBe(0), SETTLE);
      const posts = client.subscribe(POST_ADDED, { spaceId });
      await vi.waitFor(() => expect(listening('community')).toBeGreaterThanOrEqual(1), SETTLE);
      await createPost(owner, spaceId, 'Big news');
      expect(await posts.next()).toEqual({
        data: { postAdded: { title: 'Big news', author: { name: owner.name }, space: { name: 'News' } } },
      });
    } finally {
      await client.dispose();
    }
  });

  it('postAdded answers another organization NOT_FOUND', async () => {
    const spaceId = await createSpace(owner, 'Private news');
    const stranger = await stack.createOrganization();
    const strangerClient = createWsClient(stack.url, stranger.token);
    try {
      const refused = subscribe(strangerClient, POST_ADDED_TITLE, { spaceId });
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
    const conversationId = expectData(await alice.request(START_CONVERSATION, { userId: bob.userId })).startDirectConversation.id;
    const bobClient = createWsClient(stack.url, bob.token);
    const carolClient = createWsClient(stack.url, carol.token);
    try {
      const forbidden = subscribe(carolClient, MESSAGE_ADDED_BODY, { id: conversationId });
      expect((await forbidden.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      await vi.waitFor(() => expect(listening('community')).toBe(0), SETTLE);
      const messages = subscribe(bobClient, MESSAGE_ADDED, { id: conversationId });
      await vi.waitFor(() => expect(listening('community')).toBeGreaterThanOrEqual(1), SETTLE);
      expectData(await alice.request(SEND_MESSAGE, { id: conversationId }));
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
    await vi.waitFor(() => expect(upstreamCount()).toBe(0), SETTLE);
    for (let cycle = 0; cycle < 1_000; cycle++) {
      const client = createWsClient(stack.url, owner.token);
      const subscription = subscribe(client, UNREAD);
      if (cycle % 100 === 0)
        await vi.waitFor(() => expect(stack.running.gateway.upstreamSubscriptions()).toBeGreaterThanOrEqual(1), SETTLE);
      subscription.close();
      await client.dispose();
    }
    await vi.waitFor(() => expect(upstreamCount()).toBe(0), SETTLE);
    expect(stack.running.gateway.clientSubscriptions()).toBe(0);
  }, 180_000);

  it('ends subscriptions with an error when their subgraph restarts, instead of leaving them hanging', async () => {
    const client = createWsClient(stack.url, owner.token);
    try {
      const subscription = subscribe(client, UNREAD);
      await vi.waitFor(() => expect(stack.running.subgraphs.notifications?.server.activeSubscriptions()).toBe(1), SETTLE);
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
    const shortLived = await shortLivedToken();
    const started = performance.now();
    const code = await new Promise<number>((resolve) => {
      const client = createWsClient(stack.url, shortLived, (event) => resolve(event.code));
      subscribe(client, UNREAD);
    });
    expect(code).toBe(4403);
    // Accepted while valid (it expires a whole second later at the earliest), closed soon after.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('closes the connection when the membership ends', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      const client = createWsClient(stack.url, member.token, resolve);
      subscribe(client, UNREAD);
    });
    await vi.waitFor(() => expect(stack.running.gateway.clientSubscriptions()).toBeGreaterThanOrEqual(1), SETTLE);
    expectData(await owner.request(REMOVE_MEMBER, { id: member.userId }));
    const event = await closed;
    expect(event.code).toBe(4403);
    expect(event.reason).toMatch(MEMBERSHIP_ENDED);
  });

  it('re-checks memberships once per viewer per round, not once per connection', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const clients = Array.from({ length: 10 }, () => createWsClient(stack.url, member.token));
    try {
      clients.forEach((client) => subscribe(client, UNREAD));
      await vi.waitFor(() => expect(stack.running.gateway.clientSubscriptions()).toBeGreaterThanOrEqual(10), SETTLE);
      const identityFetches = () => stack.running.gateway.subgraphFetches()[VIEWER_ACCESS_FETCHES] ?? 0;
      const before = identityFetches();
      await new Promise((resolve) => setTimeout(resolve, 3 * REVALIDATE_MS)); // about three rounds
      const rounds = identityFetches() - before;
      expect(rounds).toBeGreaterThanOrEqual(1);
      expect(rounds).toBeLessThanOrEqual(5);
    } finally {
      await Promise.all(clients.map(async (client) => client.dispose()));
    }
  });
});

// The same subscriptions over Server-Sent Events (graphql-sse, one stream per subscription) on
// the same /graphql as queries, mutations and graphql-ws.
function postEventStream(body: unknown, headers: Record<string, string> = {}) {
  return fetch(stack.url, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('subscriptions over SSE: requests', () => {
  it('refuses a stream without a token, or with an invalid one, with 401 and UNAUTHENTICATED', async () => {
    const forged = await forgedToken();
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${forged}` },
      { authorization: 'Basic abc' },
    ]) {
      const response = await postEventStream({ query: UNREAD.toString() }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
    const refused = subscribeOverSse(createSseClient(stack.url), UNREAD);
    await expect(refused.done).rejects.toMatchObject({ response: { status: 401 } });
  });

  it('answers an invalid document, or a query sent as a stream, with 400 and the errors', async () => {
    for (const query of INVALID_SUBSCRIPTIONS) {
      const response = await postEventStream({ query }, { authorization: `Bearer ${owner.token}` });
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { errors: { message: string }[] };
      expect(body.errors.length, query).toBeGreaterThan(0);
    }
  });

  it('keeps queries and mutations over POST on Apollo Server, and the playground on GET', async () => {
    expect(expectData(await owner.request(ME)).me).toEqual({ id: owner.userId });
    expect(typeof (await createSpace(owner, 'Over HTTP'))).toBe('string');
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
  });
});

describe('subscriptions over SSE: lifecycle', () => {
  it('releases the upstream subscription when the client disconnects', async () => {
    await vi.waitFor(() => expect(upstreamCount()).toBe(0), SETTLE);
    for (let cycle = 0; cycle < 20; cycle++) {
      const client = createSseClient(stack.url, owner.token);
      const subscription = subscribeOverSse(client, UNREAD);
      await vi.waitFor(
        () => expect([stack.running.gateway.upstreamSubscriptions(), stack.running.gateway.clientSubscriptions()]).toEqual([1, 1]),
        SETTLE,
      );
      subscription.close();
      client.dispose();
    }
    await vi.waitFor(() => expect(upstreamCount()).toBe(0), SETTLE);
    expect(stack.running.gateway.clientSubscriptions()).toBe(0);
  });
});

describe('subscriptions over SSE: the gateway ends streams', () => {
  it('when the access token expires, with UNAUTHENTICATED', async () => {
    const shortLived = await shortLivedToken();
    const started = performance.now();
    const subscription = subscribeOverSse(createSseClient(stack.url, shortLived), UNREAD);
    const last = await subscription.next();
    expect(last.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await subscription.done;
    // Accepted while valid (it expires a whole second later at the earliest), ended soon after.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(performance.now() - started).toBeLessThan(5_000);
    await vi.waitFor(() => expect(stack.running.gateway.clientSubscriptions()).toBe(0), SETTLE);
  });

  it('when the membership ends, with FORBIDDEN', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const subscription = subscribeOverSse(createSseClient(stack.url, member.token), UNREAD);
    await vi.waitFor(() => expect(stack.running.gateway.clientSubscriptions()).toBeGreaterThanOrEqual(1), SETTLE);
    expectData(await owner.request(REMOVE_MEMBER, { id: member.userId }));
    const last = await subscription.next();
    expect(last.errors?.[0]).toMatchObject({ message: expect.stringMatching(MEMBERSHIP_ENDED), extensions: { code: 'FORBIDDEN' } });
    await subscription.done;
  });
});
