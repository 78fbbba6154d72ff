import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient as SchedulingClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';
import type { CreateEventInput, EventsPageQuery } from './graphql/graphql.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const HOUR = 3_600_000;
const BASE = Date.parse('2031-03-02T10:00:00.000Z');
const at = (hours: number) => new Date(BASE + hours * HOUR).toISOString();

const CREATE = graphql(`
  mutation EventsCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
      title
      description
      startsAt
      endsAt
      capacity
      location
      host {
        id
      }
      createdAt
    }
  }
`);
const EVENTS = graphql(`
  query EventsPage($from: DateTime, $to: DateTime, $first: Int, $after: String) {
    events(from: $from, to: $to, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          title
          startsAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const EVENT = graphql(`
  query EventsEvent($id: ID!) {
    event(id: $id) {
      id
      title
    }
  }
`);
const EVENT_HOST = graphql(`
  query EventsHost($id: ID!) {
    event(id: $id) {
      host {
        id
        name
      }
    }
  }
`);
const MY_HOSTED_EVENTS = graphql(`
  query EventsMyHostedEvents($first: Int, $after: String) {
    me {
      hostedEvents(first: $first, after: $after) {
        edges {
          node {
            id
            title
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);
const MEMBERS_HOSTED_EVENTS = graphql(`
  query EventsMembersHostedEvents {
    organization {
      members {
        edges {
          node {
            user {
              id
              hostedEvents {
                edges {
                  node {
                    title
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);
const INVITE = graphql(`
  mutation EventsInviteMember($email: String!) {
    inviteMember(input: { email: $email }) {
      token
    }
  }
`);
const ACCEPT = graphql(`
  mutation EventsAcceptInvitation($token: String!) {
    acceptInvitation(token: $token) {
      token
    }
  }
`);

async function createEvent(actor: Actor, input: Partial<CreateEventInput> = {}) {
  return expectData(await actor.request(CREATE, { input: { title: 'Sunrise Vinyasa', startsAt: at(0), endsAt: at(1), ...input } }))
    .createEvent;
}

describe('createEvent', () => {
  it('schedules an event hosted by the viewer', async () => {
    const owner = await stack.createOrganization();
    const data = expectData(
      await owner.request(CREATE, {
        input: {
          title: ' Sunrise Vinyasa ',
          description: 'All levels',
          startsAt: at(0),
          endsAt: at(1.5),
          capacity: 20,
          location: 'Studio A',
        },
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
    const error = expectErrorCode(
      await owner.request(CREATE, { input: { title: 'Backwards', startsAt: at(2), endsAt: at(1) } }),
      'BAD_USER_INPUT',
    );
    expect(error.message).toMatch(/endsAt: must be after startsAt/);
    expectErrorCode(await owner.request(CREATE, { input: { title: 'Instant', startsAt: at(2), endsAt: at(2) } }), 'BAD_USER_INPUT');
    expect(expectData(await owner.request(EVENTS)).events.edges).toEqual([]);
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
      const { events }: EventsPageQuery = expectData(await owner.request(EVENTS, { first: 2, after }));
      seen.push(...events.edges.map((edge) => edge.node.id));
      after = events.pageInfo.endCursor;
      if (!events.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(expected);

    const window = expectData(await owner.request(EVENTS, { from: at(10), to: at(30) })).events;
    expect(window.edges.map((edge) => edge.node.id)).toEqual([tieA.id, tieB.id]);

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
    const mine = [
      await createEvent(owner, { title: 'Mine 1', startsAt: at(5), endsAt: at(6) }),
      await createEvent(owner, { title: 'Mine 2', startsAt: at(1), endsAt: at(2) }),
    ];
    const theirs = await createEvent(moderator, { title: 'Theirs', startsAt: at(3), endsAt: at(4) });

    const event = expectData(await owner.request(EVENT_HOST, { id: theirs.id })).event;
    expect(event?.host).toEqual({ id: moderator.userId, name: moderator.name });

    const hosted = expectData(await owner.request(MY_HOSTED_EVENTS, { first: 1 })).me?.hostedEvents;
    expect(hosted?.edges.map((edge) => edge.node.title)).toEqual(['Mine 2']);
    expect(hosted?.pageInfo.hasNextPage).toBe(true);
    const next = expectData(await owner.request(MY_HOSTED_EVENTS, { first: 1, after: hosted?.pageInfo.endCursor })).me?.hostedEvents;
    expect(next?.edges.map((edge) => edge.node.id)).toEqual([mine[0]?.id]);
    expect(next?.pageInfo.hasNextPage).toBe(false);

    // Every member's page in one query: the loader batches them into one database round trip.
    const members = expectData(await owner.request(MEMBERS_HOSTED_EVENTS)).organization?.members.edges.map((edge) => edge.node.user) ?? [];
    const titlesOf = (id: string) => members.find((user) => user.id === id)?.hostedEvents?.edges.map((edge) => edge.node.title);
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
    const { token: invitation } = expectData(await b.request(INVITE, { email: a.email })).inviteMember;
    const { token: aInB } = expectData(await a.request(ACCEPT, { token: invitation })).acceptInvitation;
    await stack.eventsSettled();
    const hosted = expectData(await stack.client(aInB).request(MY_HOSTED_EVENTS)).me?.hostedEvents;
    expect(hosted?.edges).toEqual([]);
    expectErrorCode(await stack.client(aInB).request(EVENT, { id: event.id }), 'NOT_FOUND');
  });

  it('needs an organization', async () => {
    const loner = await stack.signUp();
    expectErrorCode(await stack.client(loner.token).request(EVENTS), 'FORBIDDEN');
    expectErrorCode(await stack.anonymous.request(EVENTS), 'UNAUTHENTICATED');
  });
});

describe('user ids from clients (member directory)', () => {
  it("answers NOT_FOUND for another organization's user or a former member as host, and writes nothing", async () => {
    const owner = await stack.createOrganization();
    const elsewhere = await stack.createOrganization();
    const former = await stack.addMember(owner, 'MODERATOR');
    await stack.removeMember(owner, former.userId);
    const title = `Hosted by a stranger ${Date.now()}`;
    for (const hostId of [elsewhere.userId, former.userId]) {
      const response = await owner.request(CREATE, { input: { title, startsAt: at(0), endsAt: at(1), hostId } });
      expectErrorCode(response, 'NOT_FOUND');
      expect(response.errors?.[0]?.message).toBe(`User ${hostId} was not found`);
    }
    expect(await stack.prisma<SchedulingClient>('scheduling').event.count({ where: { title } })).toBe(0);
  });
});
