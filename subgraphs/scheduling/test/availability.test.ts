import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type TestStack } from '@plaza/testkit';
import { liveOverlappingSql } from '../src/booking/booking.repository.ts';
import type { PrismaClient as SchedulingClient } from '../src/generated/prisma/client.ts';
import { Prisma } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE_RESOURCE = graphql(`
  mutation AvailabilityCreateResource($input: CreateResourceInput!) {
    createResource(input: $input) {
      id
    }
  }
`);
const BOOK = graphql(`
  mutation AvailabilityBook($input: BookResourceInput!) {
    bookResource(input: $input) {
      id
    }
  }
`);
const CREATE_EVENT = graphql(`
  mutation AvailabilityCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);
const RSVP = graphql(`
  mutation AvailabilityRsvp($eventId: ID!, $occurrenceStartsAt: DateTime) {
    rsvp(eventId: $eventId, occurrenceStartsAt: $occurrenceStartsAt, response: GOING) {
      response
    }
  }
`);
const RESOURCE_SLOTS = graphql(`
  query AvailabilityResource($resourceId: ID!, $from: DateTime!, $to: DateTime!, $durationMinutes: Int!, $stepMinutes: Int) {
    resourceAvailability(resourceId: $resourceId, from: $from, to: $to, durationMinutes: $durationMinutes, stepMinutes: $stepMinutes) {
      startsAt
      endsAt
    }
  }
`);
const USER_SLOTS = graphql(`
  query AvailabilityUser($userId: ID!, $from: DateTime!, $to: DateTime!, $durationMinutes: Int!, $stepMinutes: Int) {
    userAvailability(userId: $userId, from: $from, to: $to, durationMinutes: $durationMinutes, stepMinutes: $stepMinutes) {
      startsAt
    }
  }
`);

describe('availability', () => {
  it("gives a resource's free slots in its local hours across the clock change, less bookings and their buffers", async () => {
    const owner = await stack.createOrganization();
    // Berlin, open 09:00–12:00 every day; clocks go forward on Sunday 2031-03-30.
    const { id: resourceId } = expectData(
      await owner.request(CREATE_RESOURCE, {
        input: {
          name: 'Room 1',
          type: 'SPACE',
          timeZone: 'Europe/Berlin',
          openHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '12:00' })),
          bufferAfterMinutes: 30,
        },
      }),
    ).createResource;
    // 10:00–11:00 local on the 31st (08:00–09:00Z) blocks until 09:30Z with its buffer.
    expectData(
      await owner.request(BOOK, { input: { resourceId, startsAt: '2031-03-31T08:00:00.000Z', endsAt: '2031-03-31T09:00:00.000Z' } }),
    );
    const slots = expectData(
      await owner.request(RESOURCE_SLOTS, {
        resourceId,
        from: '2031-03-29T00:00:00.000Z',
        to: '2031-04-01T00:00:00.000Z',
        durationMinutes: 60,
        stepMinutes: 60,
      }),
    ).resourceAvailability;
    expect(slots.map((slot) => slot.startsAt)).toEqual([
      // Saturday, UTC+1: 09:00, 10:00 and 11:00 local.
      '2031-03-29T08:00:00.000Z',
      '2031-03-29T09:00:00.000Z',
      '2031-03-29T10:00:00.000Z',
      // Sunday, UTC+2: the same local hours, an hour earlier in UTC.
      '2031-03-30T07:00:00.000Z',
      '2031-03-30T08:00:00.000Z',
      '2031-03-30T09:00:00.000Z',
      // Monday: every start would, with its 30-minute buffer, reach the booking or its buffer.
    ]);
    expectErrorCode(
      await owner.request(RESOURCE_SLOTS, {
        resourceId,
        from: '2031-01-01T00:00:00.000Z',
        to: '2031-06-01T00:00:00.000Z',
        durationMinutes: 60,
      }),
      'BAD_USER_INPUT',
    );
  });

  it("gives a member's free working time less the events they host", async () => {
    const owner = await stack.createOrganization();
    // Default working hours: Monday to Friday 09:00–17:00 UTC. Monday 2031-03-03, hosting 10:00–12:00.
    expectData(
      await owner.request(CREATE_EVENT, {
        input: { title: 'Class', startsAt: '2031-03-03T10:00:00.000Z', endsAt: '2031-03-03T12:00:00.000Z' },
      }),
    );
    const slots = expectData(
      await owner.request(USER_SLOTS, {
        userId: owner.userId,
        from: '2031-03-03T00:00:00.000Z',
        to: '2031-03-04T00:00:00.000Z',
        durationMinutes: 120,
        stepMinutes: 60,
      }),
    ).userAvailability;
    expect(slots.map((slot) => slot.startsAt)).toEqual([
      '2031-03-03T12:00:00.000Z',
      '2031-03-03T13:00:00.000Z',
      '2031-03-03T14:00:00.000Z',
      '2031-03-03T15:00:00.000Z',
    ]);
    const stranger = await stack.createOrganization();
    expectErrorCode(
      await owner.request(USER_SLOTS, {
        userId: stranger.userId,
        from: '2031-03-03T00:00:00.000Z',
        to: '2031-03-04T00:00:00.000Z',
        durationMinutes: 60,
      }),
      'NOT_FOUND',
    );
  });

  it("expands only a member's own events, so a busy organization (over 2,000 occurrences in the window) still answers", async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    // 70 daily series hosted by the owner (written directly: only their count matters here), one
    // created through the API: 2,100 occurrences over the 30 days asked for, above the 2,000 one
    // query expands.
    const daily = expectData(
      await owner.request(CREATE_EVENT, {
        input: {
          title: 'Daily',
          startsAt: '2031-03-03T07:00:00.000Z',
          endsAt: '2031-03-03T07:30:00.000Z',
          timeZone: 'UTC',
          recurrence: 'FREQ=DAILY',
        },
      }),
    ).createEvent.id;
    const db = stack.prisma<SchedulingClient>('scheduling');
    await db.$executeRaw`
      INSERT INTO "Event" ("id", "organizationId", "title", "startsAt", "endsAt", "timeZone", "hostId", "recurrenceRule", "updatedAt")
      SELECT ${daily} || '-' || i, ${owner.organizationId}, 'Daily ' || i, timestamptz '2031-03-03 07:00+00' + i * interval '1 minute',
             timestamptz '2031-03-03 07:30+00' + i * interval '1 minute', 'UTC', ${owner.userId}, 'FREQ=DAILY', now()
      FROM generate_series(1, 69) AS i`;
    // The member holds a seat at a workshop on Monday 2031-03-10, 10:00–11:00, and at one 07:00
    // occurrence of a daily series (outside working hours, so it blocks nothing).
    const seatAtTen = expectData(
      await owner.request(CREATE_EVENT, {
        input: { title: 'Workshop', startsAt: '2031-03-10T10:00:00.000Z', endsAt: '2031-03-10T11:00:00.000Z', timeZone: 'UTC' },
      }),
    ).createEvent.id;
    expectData(await member.request(RSVP, { eventId: seatAtTen }));
    expectData(await member.request(RSVP, { eventId: daily, occurrenceStartsAt: '2031-03-10T07:00:00.000Z' }));

    const slots = expectData(
      await member.request(USER_SLOTS, {
        userId: member.userId,
        from: '2031-03-03T00:00:00.000Z',
        to: '2031-04-02T00:00:00.000Z',
        durationMinutes: 60,
        stepMinutes: 60,
      }),
    ).userAvailability.map((slot) => slot.startsAt);
    // Monday 2031-03-10: free 09:00 and from 11:00, not at 10:00 (the seat).
    expect(slots.filter((start) => start.startsWith('2031-03-10'))).toEqual([
      '2031-03-10T09:00:00.000Z',
      '2031-03-10T11:00:00.000Z',
      '2031-03-10T12:00:00.000Z',
      '2031-03-10T13:00:00.000Z',
      '2031-03-10T14:00:00.000Z',
      '2031-03-10T15:00:00.000Z',
      '2031-03-10T16:00:00.000Z',
    ]);
    // The organization's calendar as a whole is still over the cap for one query.
    expectErrorCode(
      await owner.request(USER_SLOTS, {
        userId: owner.userId,
        from: '2031-03-03T00:00:00.000Z',
        to: '2031-04-02T00:00:00.000Z',
        durationMinutes: 60,
      }),
      'BAD_USER_INPUT',
    );
  });

  it("reads only the window's bookings of a resource with years of them, through the exclusion constraint's index (EXPLAIN ANALYZE)", async () => {
    const owner = await stack.createOrganization();
    const resource = expectData(
      await owner.request(CREATE_RESOURCE, {
        input: {
          name: 'Busy room',
          type: 'SPACE',
          timeZone: 'UTC',
          openHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' })),
        },
      }),
    ).createResource;
    // 2,000 bookings over 250 days, 8 a day, every 10th cancelled: the 10 days from 2031-06-01 hold 80.
    const db = stack.prisma<SchedulingClient>('scheduling');
    await db.$executeRaw`
      INSERT INTO "Booking" ("id", "organizationId", "resourceId", "bookedById", "startsAt", "endsAt", "blockedFrom", "blockedUntil", "status", "updatedAt")
      SELECT ${resource.id} || '-' || i, ${owner.organizationId}, ${resource.id}, ${owner.userId}, s, s + interval '1 hour', s, s + interval '1 hour',
             (CASE WHEN i % 10 = 0 THEN 'CANCELLED' ELSE 'APPROVED' END)::"BookingStatus", now()
      FROM generate_series(0, 1999) AS i,
           LATERAL (SELECT timestamptz '2031-03-01 08:00+00' + (i / 8) * interval '1 day' + (i % 8) * interval '90 minutes' AS s) AS start`;
    await db.$executeRaw`ANALYZE "Booking"`;
    const sql = liveOverlappingSql(owner.organizationId, resource.id, new Date('2031-06-01T00:00:00Z'), new Date('2031-06-11T00:00:00Z'));
    expect(await db.$queryRaw<{ id: string }[]>(sql)).toHaveLength(72);
    const plan = (await db.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ANALYZE ${sql}`))
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('Booking_no_overlap');
    expect(plan).not.toMatch(/Seq Scan on "Booking"/);
    const removed = [...plan.matchAll(/Rows Removed by (?:Filter|Index Recheck): (\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    expect(removed).toBe(0);
    await db.booking.deleteMany({ where: { resourceId: resource.id } });
  });
});
