import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { bookingsPerDaySql } from '../src/analytics/analytics.repository.ts';
import { Prisma, type PrismaClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
let db: PrismaClient;
beforeAll(async () => {
  stack = await sharedTestStack();
  db = stack.prisma<PrismaClient>('scheduling');
});

const CREATE_RESOURCE = graphql(`
  mutation AnalyticsCreateResource($input: CreateResourceInput!) {
    createResource(input: $input) {
      id
    }
  }
`);
const ADD_BLACKOUT = graphql(`
  mutation AnalyticsAddBlackout($input: AddResourceBlackoutInput!) {
    addResourceBlackout(input: $input) {
      id
    }
  }
`);
const BOOK = graphql(`
  mutation AnalyticsBook($input: BookResourceInput!) {
    bookResource(input: $input) {
      id
    }
  }
`);
const UTILISATION = graphql(`
  query AnalyticsUtilisation($from: DateTime!, $to: DateTime!, $resourceIds: [ID!]) {
    resourceUtilisation(from: $from, to: $to, resourceIds: $resourceIds) {
      resources {
        resource {
          id
        }
        timeZone
        openHours
        bookedHours
        ratio
        days {
          date
          openHours
          bookedHours
          ratio
        }
      }
    }
  }
`);
const CREATE_EVENT = graphql(`
  mutation AnalyticsCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);
const RSVP = graphql(`
  mutation AnalyticsRsvp($eventId: ID!, $response: RsvpResponse!) {
    rsvp(eventId: $eventId, response: $response) {
      id
    }
  }
`);
const RECORD_ATTENDANCE = graphql(`
  mutation AnalyticsRecordAttendance($eventId: ID!, $userId: ID!, $attended: Boolean!) {
    recordAttendance(eventId: $eventId, userId: $userId, attended: $attended) {
      attended
      user {
        id
      }
    }
  }
`);
const ATTENDANCE = graphql(`
  query AnalyticsAttendance($from: DateTime!, $to: DateTime!) {
    attendanceReport(from: $from, to: $to) {
      occurrences {
        event {
          title
        }
        category
        going
        attended
        rate
      }
      categories {
        category
        occurrences
        going
        attended
        rate
      }
    }
  }
`);
const ACTIVITY = graphql(`
  query AnalyticsActivity($from: DateTime!, $to: DateTime!) {
    bookingActivity(from: $from, to: $to) {
      timeZone
      weeks {
        week
        startsOn
        bookings
        bySource {
          source
          bookings
        }
        conflicts
        conflictsByTypeAndStatus {
          type
          status
          conflicts
        }
      }
    }
  }
`);

const NINE_TO_FIVE = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }));

async function createResource(owner: Actor) {
  return expectData(
    await owner.request(CREATE_RESOURCE, { input: { name: 'Studio', type: 'SPACE', timeZone: 'Europe/London', openHours: NINE_TO_FIVE } }),
  ).createResource;
}

describe('resourceUtilisation', () => {
  it('divides approved booked hours by open hours per local date, blackout dates closed, for admins only', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const resource = await createResource(owner);
    expectData(await owner.request(ADD_BLACKOUT, { input: { resourceId: resource.id, startsOn: '2031-01-07', endsOn: '2031-01-07' } }));
    // 10:00–12:00 on the 6th, and 16:00–17:00 on the 8th; London is on UTC in January.
    for (const [startsAt, endsAt] of [
      ['2031-01-06T10:00:00Z', '2031-01-06T12:00:00Z'],
      ['2031-01-08T16:00:00Z', '2031-01-08T17:00:00Z'],
    ] as const) {
      expectData(await member.request(BOOK, { input: { resourceId: resource.id, startsAt, endsAt } }));
    }
    const window = { from: '2031-01-06T00:00:00Z', to: '2031-01-09T00:00:00Z' };
    const report = expectData(await owner.request(UTILISATION, { ...window, resourceIds: [resource.id] })).resourceUtilisation;
    expect(report.resources).toEqual([
      {
        resource: { id: resource.id },
        timeZone: 'Europe/London',
        openHours: 16,
        bookedHours: 3,
        ratio: 0.1875,
        days: [
          { date: '2031-01-06', openHours: 8, bookedHours: 2, ratio: 0.25 },
          { date: '2031-01-07', openHours: 0, bookedHours: 0, ratio: null },
          { date: '2031-01-08', openHours: 8, bookedHours: 1, ratio: 0.125 },
        ],
      },
    ]);
    // Without resourceIds: every resource of the organization (one here).
    expect(expectData(await owner.request(UTILISATION, window)).resourceUtilisation.resources).toHaveLength(1);

    expectErrorCode(await member.request(UTILISATION, window), 'FORBIDDEN');
    expect(expectErrorCode(await owner.request(UTILISATION, { from: window.to, to: window.from }), 'BAD_USER_INPUT').message).toMatch(
      /to: must be after from/,
    );
    expect(
      expectErrorCode(await owner.request(UTILISATION, { from: '2031-01-01T00:00:00Z', to: '2032-01-03T00:00:00Z' }), 'BAD_USER_INPUT')
        .message,
    ).toMatch(/to: must be at most 366 days after from/);
  });
});

describe('attendanceReport', () => {
  it('records check-ins by the host and reports attended ÷ going per occurrence and per category', async () => {
    const owner = await stack.createOrganization();
    const host = await stack.addMember(owner, 'MODERATOR');
    const [ada, alan, grace] = [await stack.addMember(owner), await stack.addMember(owner), await stack.addMember(owner)];
    const create = async (title: string, startsAt: string, category: string | null) =>
      expectData(
        await host.request(CREATE_EVENT, {
          input: { title, startsAt, endsAt: new Date(new Date(startsAt).getTime() + 3_600_000).toISOString(), category },
        }),
      ).createEvent.id;
    const yoga = await create('Morning yoga', '2025-02-03T08:00:00Z', 'Yoga');
    const talk = await create('Talk', '2025-02-04T18:00:00Z', null);
    const future = await create('Next year', '2031-02-04T18:00:00Z', 'Yoga');
    for (const member of [ada, alan, grace]) expectData(await member.request(RSVP, { eventId: yoga, response: 'GOING' }));
    expectData(await ada.request(RSVP, { eventId: talk, response: 'MAYBE' }));
    expectData(await grace.request(RSVP, { eventId: future, response: 'GOING' }));

    const check = (viewer: Actor, eventId: string, userId: string, attended = true) =>
      viewer.request(RECORD_ATTENDANCE, { eventId, userId, attended });
    expect(expectData(await check(host, yoga, ada.userId)).recordAttendance).toEqual({ attended: true, user: { id: ada.userId } });
    expectData(await check(owner, yoga, alan.userId));
    expectData(await check(host, yoga, grace.userId, false));
    expectData(await check(host, talk, ada.userId));
    expect(expectErrorCode(await check(ada, yoga, alan.userId), 'FORBIDDEN').message).toMatch(/its host or an admin/);
    expect(expectErrorCode(await check(host, future, grace.userId), 'BAD_USER_INPUT').message).toMatch(/once it has started/);
    expect(expectErrorCode(await check(host, talk, alan.userId), 'BAD_USER_INPUT').message).toMatch(/has not answered/);

    const report = expectData(
      await owner.request(ATTENDANCE, { from: '2025-02-01T00:00:00Z', to: '2025-03-01T00:00:00Z' }),
    ).attendanceReport;
    expect(report.occurrences).toEqual([
      { event: { title: 'Morning yoga' }, category: 'Yoga', going: 3, attended: 2, rate: 0.6667 },
      // A MAYBE who came counts as attended, but the rate is of those going: none here.
      { event: { title: 'Talk' }, category: null, going: 0, attended: 1, rate: null },
    ]);
    expect(report.categories).toEqual([
      { category: 'Yoga', occurrences: 1, going: 3, attended: 2, rate: 0.6667 },
      { category: null, occurrences: 1, going: 0, attended: 1, rate: null },
    ]);
    expectErrorCode(await host.request(ATTENDANCE, { from: '2025-02-01T00:00:00Z', to: '2025-03-01T00:00:00Z' }), 'FORBIDDEN');
  });
});

describe('bookingActivity', () => {
  it('counts bookings per source and logged conflicts per type and status in the ISO week they happened', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const resource = await createResource(owner);
    const slot = { resourceId: resource.id, startsAt: '2031-01-06T10:00:00Z', endsAt: '2031-01-06T11:00:00Z' };
    expectData(await member.request(BOOK, { input: slot }));
    expectData(
      await owner.request(BOOK, { input: { ...slot, startsAt: '2031-01-06T12:00:00Z', endsAt: '2031-01-06T13:00:00Z', source: 'MANUAL' } }),
    );
    expectErrorCode(await owner.request(BOOK, { input: slot }), 'CONFLICT');

    const now = Date.now();
    const report = expectData(
      await owner.request(ACTIVITY, { from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString() }),
    ).bookingActivity;
    expect(report.timeZone).toBe('UTC');
    const weeks = report.weeks.filter((week) => week.bookings > 0);
    expect(weeks).toHaveLength(1);
    expect(weeks[0]!.bySource).toEqual([
      { source: 'WEB', bookings: 1 },
      { source: 'MANUAL', bookings: 1 },
    ]);
    expect(weeks[0]).toMatchObject({
      bookings: 2,
      conflicts: 1,
      conflictsByTypeAndStatus: [{ type: 'DOUBLE_BOOKING', status: 'OPEN', conflicts: 1 }],
    });
    expect(weeks[0]!.week).toMatch(/^\d{4}-W\d{2}$/);
    expectErrorCode(
      await member.request(ACTIVITY, { from: new Date(now - 3_600_000).toISOString(), to: new Date(now).toISOString() }),
      'FORBIDDEN',
    );
  });

  it('reads bookings through their index (EXPLAIN), with another organization’s rows in bulk beside them', async () => {
    const noise = `noise-${Date.now()}`;
    const resource = `${noise}-resource`;
    await db.$executeRaw`
      INSERT INTO "Resource" (id, "organizationId", name, type, "timeZone", "openHours", "allowedRoles", "updatedAt")
      VALUES (${resource}, ${noise}, 'Noise', 'SPACE', 'UTC', '[]', '{}', now())`;
    // Cancelled bookings hold no time, so the exclusion constraint lets them pile up.
    await db.$executeRaw`
      INSERT INTO "Booking" (id, "organizationId", "resourceId", "bookedById", "startsAt", "endsAt", "blockedFrom", "blockedUntil", status, "createdAt", "updatedAt")
      SELECT ${noise} || '-' || i, ${noise}, ${resource}, 'someone', t, t + interval '1 hour', t, t + interval '1 hour', 'CANCELLED', t, now()
      FROM generate_series(1, 20000) AS i, LATERAL (SELECT timestamptz '2030-01-01' + i * interval '1 minute' AS t) AS at`;
    await db.$executeRaw`ANALYZE "Booking"`;
    const plan = async (sql: Prisma.Sql) =>
      (await db.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${sql}`)).map((row) => row['QUERY PLAN']).join('\n');
    const bookings = await plan(
      bookingsPerDaySql('org-x', 'Europe/Berlin', new Date('2030-01-01T00:00:00Z'), new Date('2030-02-01T00:00:00Z')),
    );
    expect(bookings).toContain('Booking_organizationId_createdAt_idx');
    expect(bookings).not.toMatch(/Seq Scan on "Booking"/);
    await db.booking.deleteMany({ where: { organizationId: noise } });
    await db.resource.deleteMany({ where: { organizationId: noise } });
  });
});
