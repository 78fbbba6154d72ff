import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, statementCounter, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
let db: PrismaClient<'query'>;
beforeAll(async () => {
  stack = await sharedTestStack();
  db = stack.prisma<PrismaClient<'query'>>('scheduling');
});

const CREATE_EVENT = graphql(`
  mutation FederationCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);
const RSVP = graphql(`
  mutation FederationRsvp($eventId: ID!, $response: RsvpResponse!) {
    rsvp(eventId: $eventId, response: $response) {
      id
    }
  }
`);
const USER_EVENTS = graphql(`
  query FederationUserEvents($id: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
    user(id: $id) {
      name
      events(from: $from, to: $to, first: $first, after: $after) {
        edges {
          node {
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
const ATTENDEES = graphql(`
  query FederationAttendees($id: ID!, $response: RsvpResponse) {
    event(id: $id) {
      attendees(response: $response) {
        edges {
          node {
            id
            name
          }
        }
      }
    }
  }
`);
const CREATE_RESOURCE = graphql(`
  mutation FederationCreateResource($input: CreateResourceInput!) {
    createResource(input: $input) {
      id
    }
  }
`);
const BOOK = graphql(`
  mutation FederationBook($input: BookResourceInput!) {
    bookResource(input: $input) {
      id
    }
  }
`);
const CANCEL_BOOKING = graphql(`
  mutation FederationCancelBooking($id: ID!) {
    cancelBooking(id: $id) {
      id
    }
  }
`);
const USER_BOOKINGS = graphql(`
  query FederationUserBookings($id: ID!, $status: BookingStatus) {
    user(id: $id) {
      id
      bookings(status: $status) {
        edges {
          node {
            id
            status
          }
        }
      }
    }
  }
`);
const CREATE_CONTACT = graphql(`
  mutation FederationCreateContact($input: CreateContactInput!) {
    createContact(input: $input) {
      id
    }
  }
`);
const CREATE_APPOINTMENT = graphql(`
  mutation FederationCreateAppointment($input: CreateAppointmentInput!) {
    createAppointment(input: $input) {
      id
    }
  }
`);
const CONTACT_APPOINTMENTS = graphql(`
  query FederationContactAppointments($id: ID!, $from: DateTime) {
    contact(id: $id) {
      name
      appointments(from: $from) {
        edges {
          node {
            id
            staff {
              id
            }
            contact {
              id
              name
            }
          }
        }
      }
    }
  }
`);
const EVENT_PAGE = graphql(`
  query FederationEventPage($first: Int!, $from: DateTime!) {
    events(first: $first, from: $from) {
      edges {
        node {
          title
          attendees(first: 5) {
            edges {
              node {
                id
                events(first: 3) {
                  edges {
                    node {
                      id
                    }
                  }
                }
                hostedEvents(first: 3) {
                  edges {
                    node {
                      id
                    }
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

const event = (title: string, startsAt: string) => ({
  title,
  startsAt,
  endsAt: new Date(new Date(startsAt).getTime() + 3_600_000).toISOString(),
});

describe('User.events and Event.attendees', () => {
  it('lists the events a member hosts or answered GOING or MAYBE, in a window, and who answered an event', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const create = async (title: string, startsAt: string) =>
      expectData(await owner.request(CREATE_EVENT, { input: event(title, startsAt) })).createEvent.id;
    const yoga = await create('Yoga', '2031-05-01T09:00:00Z');
    const talk = await create('Talk', '2031-05-02T09:00:00Z');
    const party = await create('Party', '2031-06-01T09:00:00Z');
    const skipped = await create('Skipped', '2031-05-03T09:00:00Z');
    expectData(await member.request(RSVP, { eventId: yoga, response: 'GOING' }));
    expectData(await member.request(RSVP, { eventId: talk, response: 'MAYBE' }));
    expectData(await member.request(RSVP, { eventId: party, response: 'GOING' }));
    expectData(await member.request(RSVP, { eventId: skipped, response: 'DECLINED' }));
    expectData(await owner.request(RSVP, { eventId: yoga, response: 'DECLINED' }));

    const titles = async (viewer: Actor, id: string, window: { from?: string; to?: string } = {}) =>
      expectData(await viewer.request(USER_EVENTS, { id, ...window })).user?.events?.edges.map((edge) => edge.node.title);
    // Another member sees them too: every member sees the organization's events and answers.
    expect(await titles(owner, member.userId)).toEqual(['Yoga', 'Talk', 'Party']);
    expect(await titles(member, member.userId, { from: '2031-05-02T00:00:00Z', to: '2031-06-01T00:00:00Z' })).toEqual(['Talk']);
    // The host's events include those they host, whatever they answered.
    expect(await titles(owner, owner.userId)).toEqual(['Yoga', 'Talk', 'Skipped', 'Party']);
    const firstPage = expectData(await member.request(USER_EVENTS, { id: member.userId, first: 2 })).user.events!;
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const secondPage = expectData(await member.request(USER_EVENTS, { id: member.userId, first: 2, after: firstPage.pageInfo.endCursor }))
      .user.events!;
    expect(secondPage.edges.map((edge) => edge.node.title)).toEqual(['Party']);

    // Another organization cannot reach the member at all: identity answers NOT_FOUND before scheduling is asked.
    const stranger = await stack.createOrganization();
    expectErrorCode(await stranger.request(USER_EVENTS, { id: member.userId }), 'NOT_FOUND');

    const attendees = async (response?: 'GOING' | 'DECLINED') =>
      expectData(await member.request(ATTENDEES, { id: yoga, response })).event?.attendees?.edges.map((edge) => edge.node?.name);
    expect((await attendees())?.sort()).toEqual([member.name, owner.name].sort());
    expect(await attendees('GOING')).toEqual([member.name]);
    expect(await attendees('DECLINED')).toEqual([owner.name]);
  });

  it('a page of events with their attendees and the attendees’ events costs the same SQL statements for 5 events as for 20', async () => {
    const owner = await stack.createOrganization();
    // Bulk fixtures written directly (the API's events and answers are tested above): 20 events, 3 attendees each.
    const startOf = (n: number) => new Date(`2032-01-${String(n + 1).padStart(2, '0')}T09:00:00Z`);
    const ids = Array.from({ length: 20 }, (_, n) => `page-${owner.organizationId}-${String(n).padStart(2, '0')}`);
    await db.event.createMany({
      data: ids.map((id, n) => ({
        id,
        organizationId: owner.organizationId,
        title: `Class ${n}`,
        startsAt: startOf(n),
        endsAt: new Date(startOf(n).getTime() + 3_600_000),
        hostId: owner.userId,
      })),
    });
    await db.rsvp.createMany({
      data: ids.flatMap((eventId, n) =>
        [0, 1, 2].map((k) => ({
          organizationId: owner.organizationId,
          eventId,
          occurrenceStartsAt: startOf(n),
          userId: `attendee-${owner.organizationId}-${(n + k) % 7}`,
          response: 'GOING' as const,
          respondedAt: new Date(),
        })),
      ),
    });
    const count = statementCounter(db);
    const measure = async (first: number) =>
      count(async () => expectData(await owner.request(EVENT_PAGE, { first, from: '2032-01-01T00:00:00Z' })).events);
    const five = await measure(5);
    const twenty = await measure(20);
    expect(five.result.edges).toHaveLength(5);
    expect(twenty.result.edges).toHaveLength(20);
    expect(twenty.result.edges[0]!.node.attendees!.edges).toHaveLength(3);
    expect(twenty.result.edges[0]!.node.attendees!.edges[0]!.node!.events!.edges.length).toBeGreaterThan(0);
    console.info(`event page statements (scheduling): 5 events → ${five.statements}, 20 events → ${twenty.statements}`);
    expect(five.statements).toBeGreaterThan(0);
    expect(twenty.statements, JSON.stringify({ five: five.seen, twenty: twenty.seen }, null, 1)).toBe(five.statements);
  });
});

describe('User.bookings', () => {
  it('shows a member their own bookings and admins anyone’s; another member gets FORBIDDEN', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const other = await stack.addMember(owner, 'MEMBER');
    const resource = expectData(
      await owner.request(CREATE_RESOURCE, {
        input: {
          name: 'Room',
          type: 'SPACE',
          timeZone: 'UTC',
          openHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' })),
        },
      }),
    ).createResource;
    const book = async (hour: number) =>
      expectData(
        await member.request(BOOK, {
          input: { resourceId: resource.id, startsAt: `2031-03-03T${hour}:00:00Z`, endsAt: `2031-03-03T${hour + 1}:00:00Z` },
        }),
      ).bookResource.id;
    const kept = await book(10);
    const cancelled = await book(14);
    expectData(await member.request(CANCEL_BOOKING, { id: cancelled }));

    const bookings = async (viewer: Actor, status?: 'APPROVED' | 'CANCELLED') =>
      expectData(await viewer.request(USER_BOOKINGS, { id: member.userId, status })).user?.bookings?.edges.map((edge) => edge.node.id);
    expect(await bookings(member)).toEqual([kept, cancelled]);
    expect(await bookings(owner, 'CANCELLED')).toEqual([cancelled]);
    const refused = expectErrorCode(await other.request(USER_BOOKINGS, { id: member.userId }), 'FORBIDDEN');
    expect(refused.message).toMatch(/theirs and admins' to see; you are MEMBER/);
  });
});

describe('Contact.appointments', () => {
  it('adds a contact’s appointments to CRM’s contact, for staff; a member sees their own; another organization’s stay out', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const contact = expectData(
      await owner.request(CREATE_CONTACT, { input: { email: `ada-${Date.now()}@example.com`, name: 'Ada' } }),
    ).createContact;
    const appoint = async (viewer: Actor, contactId: string, day: number) =>
      expectData(
        await viewer.request(CREATE_APPOINTMENT, {
          input: { contactId, startsAt: `2031-04-0${day}T10:00:00Z`, endsAt: `2031-04-0${day}T11:00:00Z` },
        }),
      ).createAppointment.id;
    const ownersAppointment = await appoint(owner, contact.id, 1);
    const membersAppointment = await appoint(member, contact.id, 2);
    // Another organization files an appointment under the same contact id: it is theirs alone.
    const stranger = await stack.createOrganization();
    await appoint(stranger, contact.id, 3);

    const seen = expectData(await owner.request(CONTACT_APPOINTMENTS, { id: contact.id })).contact;
    expect(seen.name).toBe('Ada');
    expect(seen.appointments!.edges.map((edge) => edge.node.id)).toEqual([ownersAppointment, membersAppointment]);
    // The combined answer: CRM's contact name inside scheduling's appointment, through the gateway.
    expect(seen.appointments!.edges[0]!.node).toMatchObject({ staff: { id: owner.userId }, contact: { id: contact.id, name: 'Ada' } });
    const later = expectData(await owner.request(CONTACT_APPOINTMENTS, { id: contact.id, from: '2031-04-02T00:00:00Z' })).contact;
    expect(later.appointments!.edges.map((edge) => edge.node.id)).toEqual([membersAppointment]);

    // A member who owns no contact sees it only if CRM lets them; scheduling then shows their own appointments only.
    const asMember = await member.request(CONTACT_APPOINTMENTS, { id: contact.id });
    if (asMember.data?.contact) expect(asMember.data.contact.appointments!.edges.map((edge) => edge.node.id)).toEqual([membersAppointment]);
    else expectErrorCode(asMember, 'NOT_FOUND');
    // The other organization cannot reach the contact at all.
    expect((await stranger.request(CONTACT_APPOINTMENTS, { id: contact.id })).data?.contact ?? null).toBeNull();
  });
});
