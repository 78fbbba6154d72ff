import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, startTestStack, type Actor, type TestStack } from '@plaza/testkit';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(() => stack?.stop());

const HOUR = 3_600_000;
const BASE = Date.parse('2031-03-02T10:00:00.000Z');
const at = (hours: number) => new Date(BASE + hours * HOUR).toISOString();

const CREATE = `mutation ($input: CreateEventInput!) {
  createEvent(input: $input) { id title description startsAt endsAt capacity location host { id } createdAt }
}`;
const EVENTS = `query ($from: DateTime, $to: DateTime, $first: Int, $after: String) {
  events(from: $from, to: $to, first: $first, after: $after) { edges { cursor node { id title startsAt } } pageInfo { hasNextPage endCursor } }
}`;
const EVENT = `query ($id: ID!) { event(id: $id) { id title } }`;

async function createEvent(actor: Actor, input: Record<string, unknown> = {}) {
  const data = expectData(await actor.request(CREATE, { input: { title: 'Sunrise Vinyasa', startsAt: at(0), endsAt: at(1), ...input } }));
  return data.createEvent as { id: string; title: string; startsAt: string };
}

describe('createEvent', () => {
  it('schedules an event hosted by the viewer', async () => {
    const owner = await stack.createOrganization();
    const data = expectData(
      await owner.request(CREATE, {
        input: { title: ' Sunrise Vinyasa ', description: 'All levels', startsAt: at(0), endsAt: at(1.5), capacity: 20, location: 'Studio A' },
      }),
    );
    expect(data.createEvent).toMatchObject({
      title: 'Sunrise Vinyasa',
      description: 'All levels',
      startsAt: at(0),
      endsAt: at(1.5),
      capacity: 20,
      location: 'Studio A',
      host: { id: owner.userId },
    });
  });

  it('refuses an end before the start, naming endsAt', async () => {
    const owner = await stack.createOrganization();
    const error = expectErrorCode(await owner.request(CREATE, { input: { title: 'Backwards', startsAt: at(2), endsAt: at(1) } }), 'BAD_USER_INPUT');
    expect(error.message).toMatch(/endsAt: must be after startsAt/);
    expectErrorCode(await owner.request(CREATE, { input: { title: 'Instant', startsAt: at(2), endsAt: at(2) } }), 'BAD_USER_INPUT');
  });

  it('names each invalid field with BAD_USER_INPUT', async () => {
    const owner = await stack.createOrganization();
    const response = await owner.request(CREATE, {
      input: { title: '', description: 'x'.repeat(5001), startsAt: at(0), endsAt: at(1), capacity: 0 },
    });
    const error = expectErrorCode(response, 'BAD_USER_INPUT');
    expect(error.message).toMatch(/title: must not be empty/);
    expect(error.message).toMatch(/description: must be at most 5000 characters/);
    expect(error.message).toMatch(/capacity: must be at least 1/);
  });

  it('needs MODERATOR or higher', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    expectErrorCode(await member.request(CREATE, { input: { title: 'Nope', startsAt: at(0), endsAt: at(1) } }), 'FORBIDDEN');
    await createEvent(moderator);
    expectErrorCode(await stack.anonymous.request(CREATE, { input: { title: 'Nope', startsAt: at(0), endsAt: at(1) } }), 'UNAUTHENTICATED');
  });
});

describe('events and event', () => {
  it('lists events by start time and pages with a keyset cursor', async () => {
    const owner = await stack.createOrganization();
    // Created out of order, two at the same instant: the order is (startsAt, id).
    const late = await createEvent(owner, { title: 'Late', startsAt: at(30), endsAt: at(31) });
    const early = await createEvent(owner, { title: 'Early', startsAt: at(0), endsAt: at(1) });
    const tieA = await createEvent(owner, { title: 'Tie A', startsAt: at(10), endsAt: at(11) });
    const tieB = await createEvent(owner, { title: 'Tie B', startsAt: at(10), endsAt: at(12) });
    const expected = [early.id, tieA.id, tieB.id, late.id];

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const connection: any = expectData(await owner.request(EVENTS, { first: 2, after })).events;
      seen.push(...connection.edges.map((e: any) => e.node.id));
      after = connection.pageInfo.endCursor;
      if (!connection.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(expected);

    const window = expectData(await owner.request(EVENTS, { from: at(10), to: at(30) })).events;
    expect(window.edges.map((e: any) => e.node.id)).toEqual([tieA.id, tieB.id]);

    expectErrorCode(await owner.request(EVENTS, { first: 0 }), 'BAD_USER_INPUT');
    const cursorError = expectErrorCode(await owner.request(EVENTS, { after: 'bm9wZQ' }), 'BAD_USER_INPUT');
    expect(cursorError.message).toMatch(/cursor/i);
    const windowError = expectErrorCode(await owner.request(EVENTS, { from: at(5), to: at(1) }), 'BAD_USER_INPUT');
    expect(windowError.message).toMatch(/to: must be after from/);
  });

  it('returns one event by id, NOT_FOUND for an unknown id; members may read', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const event = await createEvent(owner);
    expect(expectData(await member.request(EVENT, { id: event.id })).event).toEqual({ id: event.id, title: 'Sunrise Vinyasa' });
    expectErrorCode(await member.request(EVENT, { id: 'does-not-exist' }), 'NOT_FOUND');
  });
});

describe('federation with identity', () => {
  it('resolves the host through identity and adds hostedEvents to User', async () => {
    const owner = await stack.createOrganization();
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const mine = [await createEvent(owner, { title: 'Mine 1', startsAt: at(5), endsAt: at(6) }), await createEvent(owner, { title: 'Mine 2', startsAt: at(1), endsAt: at(2) })];
    const theirs = await createEvent(moderator, { title: 'Theirs', startsAt: at(3), endsAt: at(4) });

    const event = expectData(await owner.request(`query ($id: ID!) { event(id: $id) { host { id name } } }`, { id: theirs.id })).event;
    expect(event.host).toEqual({ id: moderator.userId, name: moderator.name });

    const me = expectData(await owner.request(`{ me { hostedEvents(first: 1) { edges { node { title } } pageInfo { hasNextPage endCursor } } } }`)).me;
    expect(me.hostedEvents.edges.map((e: any) => e.node.title)).toEqual(['Mine 2']);
    expect(me.hostedEvents.pageInfo.hasNextPage).toBe(true);
    const next = expectData(
      await owner.request(`query ($after: String) { me { hostedEvents(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage } } } }`, {
        after: me.hostedEvents.pageInfo.endCursor,
      }),
    ).me;
    expect(next.hostedEvents).toEqual({ edges: [{ node: { id: mine[0]!.id } }], pageInfo: { hasNextPage: false } });

    // Every member's page in one query: the loader batches them into one database round trip.
    const members = expectData(
      await owner.request(`{ organization { members { edges { node { user { id hostedEvents { edges { node { title } } } } } } } } }`),
    ).organization.members.edges.map((e: any) => e.node.user);
    const titlesOf = (id: string) => members.find((user: any) => user.id === id).hostedEvents.edges.map((e: any) => e.node.title);
    expect(titlesOf(owner.userId)).toEqual(['Mine 2', 'Mine 1']);
    expect(titlesOf(moderator.userId)).toEqual(['Theirs']);
  });
});

describe('tenancy', () => {
  it('shows nothing of another organization, by list, by id or by host', async () => {
    const a = await stack.createOrganization();
    const event = await createEvent(a);
    const b = await stack.createOrganization();

    expect(expectData(await b.request(EVENTS)).events.edges).toEqual([]);
    expectErrorCode(await b.request(EVENT, { id: event.id }), 'NOT_FOUND');
    // a's owner, the event's host, also joins b: acting in b, their events in a stay invisible.
    const { token: invitation } = expectData(
      await b.request(`mutation ($email: String!) { inviteMember(input: { email: $email }) { token } }`, { email: a.email }),
    ).inviteMember;
    const { token: aInB } = expectData(
      await a.request(`mutation ($token: String!) { acceptInvitation(token: $token) { token } }`, { token: invitation }),
    ).acceptInvitation;
    const hosted = expectData(await stack.client(aInB).request(`{ me { hostedEvents { edges { node { id } } } } }`)).me.hostedEvents;
    expect(hosted.edges).toEqual([]);
    expectErrorCode(await stack.client(aInB).request(EVENT, { id: event.id }), 'NOT_FOUND');
  });

  it('needs an organization', async () => {
    const loner = await stack.signUp();
    expectErrorCode(await stack.client(loner.token).request(EVENTS), 'FORBIDDEN');
    expectErrorCode(await stack.anonymous.request(EVENTS), 'UNAUTHENTICATED');
  });
});
