import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWsClient, expectData, startTestStack, subscribe, until, type Actor, type TestStack } from '@plaza/testkit';

// One event fans out to every viewer's upstream stream, and each completes it through the
// query plan. Answers a subgraph marks PUBLIC (`@cacheControl`) are fetched once for all viewers
// of an organization; answers about the viewer are fetched per viewer.
let stack: TestStack;
let owner: Actor;
beforeAll(async () => {
  stack = await startTestStack();
  owner = await stack.createOrganization();
});
afterAll(() => stack?.stop());

const identityFetches = () => stack.running.gateway.subgraphFetches().identity ?? 0;
const listeningOnCommunity = () => stack.running.subgraphs.community!.server.listeningSubscriptions();

/** Subscribes each viewer to postAdded with `selection`, posts once, and returns what each received and what it cost identity. */
async function fanOut(viewers: Actor[], selection: string, title: string) {
  const spaceId = expectData(await owner.request(`mutation ($title: String!) { createSpace(input: { name: $title, visibility: PUBLIC }) { id } }`, { title })).createSpace.id;
  const clients = viewers.map((viewer) => createWsClient(stack.url, viewer.token));
  try {
    await until(() => listeningOnCommunity() === 0);
    const subscriptions = clients.map((client) => subscribe(client, `subscription ($spaceId: ID!) { postAdded(spaceId: $spaceId) { ${selection} } }`, { spaceId }));
    await until(() => listeningOnCommunity() === viewers.length);
    const before = identityFetches();
    expectData(await owner.request(`mutation ($spaceId: ID!, $title: String!) { createPost(input: { spaceId: $spaceId, title: $title, body: "Body" }) { id } }`, { spaceId, title }));
    const received = await Promise.all(subscriptions.map(async (subscription) => (await subscription.next()).data));
    return { received, identityFetches: identityFetches() - before };
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
  }
}

describe('subscription events: sharing entity fetches between viewers', () => {
  it("fetches a PUBLIC answer (the author's name) once for all the organization's viewers", async () => {
    const viewers = [];
    for (let n = 0; n < 5; n++) viewers.push(await stack.addMember(owner, 'MEMBER'));
    const { received, identityFetches } = await fanOut(viewers, 'title author { name avatarUrl }', 'Shared');
    expect(received).toEqual(Array(5).fill({ postAdded: { title: 'Shared', author: { name: owner.name, avatarUrl: null } } }));
    expect(identityFetches).toBe(1);
  });

  it('fetches a PRIVATE answer (the author\'s email) per viewer, so each gets what it may see', async () => {
    const admin = await stack.addMember(owner, 'ADMIN');
    const members = [await stack.addMember(owner, 'MEMBER'), await stack.addMember(owner, 'MEMBER')];
    const { received, identityFetches } = await fanOut([admin, ...members], 'author { name email }', 'Private');
    expect(received).toEqual([
      { postAdded: { author: { name: owner.name, email: owner.email } } },
      { postAdded: { author: { name: owner.name, email: null } } },
      { postAdded: { author: { name: owner.name, email: null } } },
    ]);
    expect(identityFetches).toBe(3);
  });

  it('keeps answers to clients uncacheable, though a subgraph marked them PUBLIC', async () => {
    const member = await stack.addMember(owner, 'MEMBER');
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ query: 'query ($id: ID!) { user(id: $id) { name } }', variables: { id: member.userId } }),
    });
    expect(await response.json()).toEqual({ data: { user: { name: member.name } } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
