import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE = graphql(`
  mutation RsvpCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);
const RSVP = graphql(`
  mutation RsvpRespond($eventId: ID!, $occurrenceStartsAt: DateTime, $response: RsvpResponse!) {
    rsvp(eventId: $eventId, occurrenceStartsAt: $occurrenceStartsAt, response: $response) {
      id
      response
      waitlisted
      respondedAt
      occurrenceStartsAt
      user {
        id
      }
    }
  }
`);
const RSVPS = graphql(`
  query RsvpList($eventId: ID!, $occurrenceStartsAt: DateTime, $response: RsvpResponse, $waitlisted: Boolean, $first: Int) {
    rsvps(eventId: $eventId, occurrenceStartsAt: $occurrenceStartsAt, response: $response, waitlisted: $waitlisted, first: $first) {
      edges {
        node {
          user {
            id
          }
          respondedAt
        }
      }
    }
  }
`);

const INVITE = graphql(`
  mutation RsvpInvite($email: String!) {
    inviteMember(input: { email: $email }) {
      token
    }
  }
`);
const ACCEPT = graphql(`
  mutation RsvpAccept($token: String!) {
    acceptInvitation(token: $token) {
      token
    }
  }
`);

/**
 * `count` members of the owner's organization, signed in there: like `stack.addMember`, with the
 * sign-ups three at a time (more at once can time out identity's password hashing on a busy
 * machine) and one wait for the membership events instead of one per member.
 */
async function addMembers(owner: Actor, count: number) {
  const users: Awaited<ReturnType<TestStack['signUp']>>[] = [];
  while (users.length < count)
    users.push(...(await Promise.all(Array.from({ length: Math.min(3, count - users.length) }, () => stack.signUp()))));
  const members = await Promise.all(
    users.map(async (user) => {
      const { token: invitation } = expectData(await owner.request(INVITE, { email: user.email })).inviteMember;
      const { token } = expectData(await stack.client(user.token).request(ACCEPT, { token: invitation })).acceptInvitation;
      return { userId: user.userId, client: stack.client(token) };
    }),
  );
  await stack.eventsSettled();
  return members;
}

const createEvent = async (owner: Actor, capacity: number, recurrence?: string) =>
  expectData(
    await owner.request(CREATE, {
      input: { title: 'Workshop', startsAt: '2031-05-05T17:00:00.000Z', endsAt: '2031-05-05T19:00:00.000Z', capacity, recurrence },
    }),
  ).createEvent.id;

const userIds = (connection: { edges: { node: { user?: { id: string } | null } }[] }) => connection.edges.map((edge) => edge.node.user?.id);

describe('rsvp', () => {
  it('30 parallel GOING answers for 10 seats: 10 seated, 20 waitlisted in the order they were taken', async () => {
    const owner = await stack.createOrganization();
    const members = await addMembers(owner, 30);
    const eventId = await createEvent(owner, 10);
    const answers = await Promise.all(members.map((member) => member.client.request(RSVP, { eventId, response: 'GOING' }))).then(
      (responses) => responses.map((response) => expectData(response).rsvp),
    );
    expect(answers.filter((answer) => !answer.waitlisted)).toHaveLength(10);
    expect(answers.filter((answer) => answer.waitlisted)).toHaveLength(20);
    // Arrival order: every seated answer was taken before every waitlisted one.
    const lastSeated = Math.max(...answers.filter((answer) => !answer.waitlisted).map((answer) => Date.parse(answer.respondedAt)));
    expect(answers.filter((answer) => answer.waitlisted).every((answer) => Date.parse(answer.respondedAt) >= lastSeated)).toBe(true);

    const waitlist = expectData(await owner.request(RSVPS, { eventId, waitlisted: true, first: 50 })).rsvps;
    const byArrival = answers
      .filter((answer) => answer.waitlisted)
      .sort((a, b) => Date.parse(a.respondedAt) - Date.parse(b.respondedAt))
      .map((answer) => answer.user?.id);
    expect(new Set(userIds(waitlist))).toEqual(new Set(byArrival));
    expect(waitlist.edges.map((edge) => Date.parse(edge.node.respondedAt))).toEqual(
      [...waitlist.edges.map((edge) => Date.parse(edge.node.respondedAt))].sort((a, b) => a - b),
    );

    // A seated member declines: the first on the waitlist takes the seat.
    const seated = members.find((member) => answers.find((answer) => answer.user?.id === member.userId && !answer.waitlisted))!;
    expect(expectData(await seated.client.request(RSVP, { eventId, response: 'DECLINED' })).rsvp).toMatchObject({
      response: 'DECLINED',
      waitlisted: false,
    });
    const going = expectData(await owner.request(RSVPS, { eventId, response: 'GOING', waitlisted: false, first: 50 })).rsvps;
    expect(userIds(going)).toHaveLength(10);
    expect(userIds(going)).toContain(userIds(waitlist)[0]);
    expect(userIds(expectData(await owner.request(RSVPS, { eventId, waitlisted: true, first: 50 })).rsvps)).toEqual(
      userIds(waitlist).slice(1),
    );
    // Thirty sign-ups (scrypt), not the answers, take the time: on a loaded machine they outlast 60 s.
  }, 180_000);

  it('answers per occurrence of a recurring event, and says which occurrence is wrong', async () => {
    const owner = await stack.createOrganization();
    const eventId = await createEvent(owner, 1, 'FREQ=WEEKLY;COUNT=4');
    const second = '2031-05-12T17:00:00.000Z';
    expect(expectData(await owner.request(RSVP, { eventId, occurrenceStartsAt: second, response: 'MAYBE' })).rsvp).toMatchObject({
      occurrenceStartsAt: second,
      response: 'MAYBE',
    });
    const missing = expectErrorCode(await owner.request(RSVP, { eventId, response: 'GOING' }), 'BAD_USER_INPUT');
    expect(missing.message).toMatch(/occurrenceStartsAt: is required: event .* recurs \(FREQ=WEEKLY;COUNT=4\)/);
    expectErrorCode(
      await owner.request(RSVP, { eventId, occurrenceStartsAt: '2031-05-13T17:00:00.000Z', response: 'GOING' }),
      'BAD_USER_INPUT',
    );
    const elsewhere = await stack.createOrganization();
    expectErrorCode(await elsewhere.request(RSVP, { eventId, occurrenceStartsAt: second, response: 'GOING' }), 'NOT_FOUND');
  });
});
