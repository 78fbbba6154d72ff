import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createWsClient, expectData, sharedTestStack, subscribe, type Actor, type TestStack, type TypedDocument } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

// One event fans out to every viewer's upstream stream, and each completes it through the
// query plan. Answers a subgraph marks PUBLIC (`@cacheControl`) are fetched once for all viewers
// of an organization; answers about the viewer are fetched per viewer.
let stack: TestStack;
let owner: Actor;
beforeAll(async () => {
  stack = await sharedTestStack();
  owner = await stack.createOrganization();
});

/** How long a test waits for the stack to reach a state (subscriptions opened or released). */
const SETTLE = { timeout: 10_000, interval: 25 };

const CREATE_SPACE = graphql(`
  mutation GatewaySharingCreateSpace($title: String!) {
    createSpace(input: { name: $title, visibility: PUBLIC }) {
      id
    }
  }
`);
const CREATE_POST = graphql(`
  mutation GatewaySharingCreatePost($spaceId: ID!, $title: String!) {
    createPost(input: { spaceId: $spaceId, title: $title, body: "Body" }) {
      id
    }
  }
`);
/** A PUBLIC answer: the author's name and avatar, the same for every viewer of the organization. */
const POST_ADDED_PUBLIC = graphql(`
  subscription GatewaySharingPostAddedPublic($spaceId: ID!) {
    postAdded(spaceId: $spaceId) {
      title
      author {
        name
        avatarUrl
      }
    }
  }
`);
/** A PRIVATE answer: the author's email, which only some viewers may see. */
const POST_ADDED_PRIVATE = graphql(`
  subscription GatewaySharingPostAddedPrivate($spaceId: ID!) {
    postAdded(spaceId: $spaceId) {
      author {
        name
        email
      }
    }
  }
`);
const USER = graphql(`
  query GatewaySharingUser($id: ID!) {
    user(id: $id) {
      name
    }
  }
`);

const identityFetches = () => stack.running.gateway.subgraphFetches().identity ?? 0;
const listeningOnCommunity = () => stack.running.subgraphs.community!.server.listeningSubscriptions();

/** Subscribes each viewer to postAdded with `subscription`, posts once, and returns what each received and what it cost identity. */
async function fanOut<Data>(viewers: Actor[], subscription: TypedDocument<Data, { spaceId: string }>, title: string) {
  const spaceId = expectData(await owner.request(CREATE_SPACE, { title })).createSpace.id;
  const clients = viewers.map((viewer) => createWsClient(stack.url, viewer.token));
  try {
    await vi.waitFor(() => expect(listeningOnCommunity()).toBe(0), SETTLE);
    const subscriptions = clients.map((client) => subscribe(client, subscription, { spaceId }));
    await vi.waitFor(() => expect(listeningOnCommunity()).toBe(viewers.length), SETTLE);
    const before = identityFetches();
    expectData(await owner.request(CREATE_POST, { spaceId, title }));
    const received = await Promise.all(subscriptions.map(async (subscription) => (await subscription.next()).data));
    return { received, identityFetches: identityFetches() - before };
  } finally {
    await Promise.all(clients.map(async (client) => client.dispose()));
  }
}

describe('subscription events: sharing entity fetches between viewers', () => {
  it("fetches a PUBLIC answer (the author's name) once for all the organization's viewers", async () => {
    const viewers = [];
    for (let n = 0; n < 5; n++) viewers.push(await stack.addMember(owner, 'MEMBER'));
    const { received, identityFetches } = await fanOut(viewers, POST_ADDED_PUBLIC, 'Shared');
    expect(received).toEqual(Array(5).fill({ postAdded: { title: 'Shared', author: { name: owner.name, avatarUrl: null } } }));
    expect(identityFetches).toBe(1);
  });

  it("fetches a PRIVATE answer (the author's email) per viewer, so each gets what it may see", async () => {
    const admin = await stack.addMember(owner, 'ADMIN');
    const members = [await stack.addMember(owner, 'MEMBER'), await stack.addMember(owner, 'MEMBER')];
    const { received, identityFetches } = await fanOut([admin, ...members], POST_ADDED_PRIVATE, 'Private');
    expect(received).toEqual([
      { postAdded: { author: { name: owner.name, email: owner.email } } },
      { postAdded: { author: { name: owner.name, email: null } } },
      { postAdded: { author: { name: owner.name, email: null } } },
    ]);
    expect(identityFetches).toBe(3);
  });

  it('keeps answers to clients uncacheable, though a subgraph marked them PUBLIC', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    // Plain HTTP rather than the test client: the response's headers are what this checks.
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ query: USER.toString(), variables: { id: member.userId } }),
    });
    expect(await response.json()).toEqual({ data: { user: { name: member.name } } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
