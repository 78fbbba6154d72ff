import { expectData, startTestStack, type Actor, type TestStack } from '@plaza/testkit';
import {
  BENCH_BOOK_RESOURCE,
  BENCH_CREATE_CALENDAR,
  BENCH_CREATE_RESOURCE,
  BENCH_EVENT_OCCURRENCES,
  BENCH_ISSUE_FEED,
  BENCH_RESOURCE_AVAILABILITY,
} from './scheduling-operations.ts';
import { durationsOf, percentile, timed } from './timing.ts';

/** The raw-SQL surface of scheduling's Prisma client: the bench writes rows in bulk and reads plans. */
interface SchedulingClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Timed runs per figure (BENCH_SCHEDULING_ROUNDS); the year sweep and the contention have their own. */
const RUNS = Number(process.env.BENCH_SCHEDULING_ROUNDS ?? 10);
const BOOKINGS = Number(process.env.BENCH_SCHEDULING_BOOKINGS ?? 10_000);
const SERIES = Number(process.env.BENCH_SCHEDULING_SERIES ?? 1_000);
const FEED_EVENTS = Number(process.env.BENCH_SCHEDULING_FEED_EVENTS ?? 5_000);
const YEAR_ROUNDS = Number(process.env.BENCH_SCHEDULING_YEAR_ROUNDS ?? 1);
const CONTENTION_ROUNDS = Number(process.env.BENCH_SCHEDULING_CONTENTION_ROUNDS ?? 5);
const CONTENDERS = 20;
/** Bookings a day of the resource's history and future (08:00 UTC on, 90 minutes apart). */
const BOOKINGS_PER_DAY = 8;
const WINDOW_DAYS = 30;
const DAY = 86_400_000;
/** eventOccurrences answers at most 2,000 occurrences and 366 days: the year is read a week at a time. */
const YEAR = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2027, 0, 1) };
const SWEEP_DAYS = 7;
const EVERY_DAY = (opens: string, closes: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens, closes }));

const iso = (ms: number) => new Date(ms).toISOString();
const startOfUtcDay = (ms: number) => ms - (ms % DAY);

export interface SchedulingFigures {
  availability: {
    bookings: number;
    inWindow: number;
    slots: number;
    p50: number;
    p95: number;
    plan: { index: string | null; rowsRead: number; rowsReturned: number };
  };
  occurrences: {
    series: number;
    windows: number;
    occurrences: number;
    largestWindow: number;
    weekP50: number;
    yearP50: number;
    wholeYearRefusedP50: number;
    refusedCode: string;
  };
  contention: { rounds: number; settleP50: number; settleMax: number };
  feed: { events: number; vevents: number; bytes: number; p50: number };
}

/**
 * BOOKINGS bookings of one resource in bulk (SQL, not the API): BOOKINGS_PER_DAY a day,
 * 30 to 75 minutes long, mostly in the past (as a resource's history is) and the rest ahead;
 * every 10th cancelled. The 30-day window starts a week from now.
 */
async function seedBookings(db: SchedulingClient, owner: Actor, resourceId: string) {
  const days = Math.ceil(BOOKINGS / BOOKINGS_PER_DAY);
  const firstDay = -Math.round(days * 0.8);
  await db.$executeRawUnsafe(
    `INSERT INTO "Booking" ("id", "organizationId", "resourceId", "bookedById", "startsAt", "endsAt", "blockedFrom", "blockedUntil", "status", "source", "autoApproved", "updatedAt")
     SELECT 'bench-booking-' || i, $1, $2, $3, s, e, s, e,
            (CASE WHEN i % 10 = 0 THEN 'CANCELLED' ELSE 'APPROVED' END)::"BookingStatus", 'WEB', true, now()
     FROM generate_series(0, ${BOOKINGS - 1}) AS i,
          LATERAL (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                          + (${firstDay} + i / ${BOOKINGS_PER_DAY}) * interval '1 day'
                          + interval '8 hours' + (i % ${BOOKINGS_PER_DAY}) * interval '90 minutes' AS s) AS start,
          LATERAL (SELECT s + (30 + (i % 4) * 15) * interval '1 minute' AS e) AS finish`,
    owner.organizationId,
    resourceId,
    owner.userId,
  );
  await db.$executeRawUnsafe('ANALYZE "Booking"');
}

/**
 * The plan of the bookings query availability runs (liveOverlappingSql in booking.repository.ts,
 * with the day the service adds either side), on these rows: which index, and how many rows the
 * scan read to return the window's.
 */
async function explainAvailabilityBookings(db: SchedulingClient, owner: Actor, resourceId: string, from: number, to: number) {
  const [row] = await db.$queryRawUnsafe<{ 'QUERY PLAN': unknown }[]>(
    `EXPLAIN (ANALYZE, FORMAT JSON) SELECT "id" FROM "Booking"
     WHERE "resourceId" = $1 AND "organizationId" = $2 AND "status" IN ('PENDING', 'APPROVED')
       AND tstzrange("blockedFrom", "blockedUntil", '[)') && tstzrange($3::timestamptz, $4::timestamptz, '[)')`,
    resourceId,
    owner.organizationId,
    iso(from - DAY),
    iso(to + DAY),
  );
  const raw = row!['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  let scan: PlanNode | undefined;
  const visit = (node: PlanNode) => {
    if (node['Relation Name'] === 'Booking') scan = node;
    node.Plans?.forEach(visit);
  };
  visit(plan[0]!.Plan);
  if (!scan) throw new Error(`no scan of "Booking" in the plan: ${JSON.stringify(plan)}`);
  const returned = scan['Actual Rows'] * (scan['Actual Loops'] ?? 1);
  // A bitmap heap scan names its index on the bitmap index scan beneath it.
  const indexOf = (node: PlanNode): string | undefined => node['Index Name'] ?? node.Plans?.map(indexOf).find(Boolean);
  return {
    index: indexOf(scan) ?? null,
    rowsReturned: returned,
    rowsRead: returned + (scan['Rows Removed by Filter'] ?? 0) + (scan['Rows Removed by Index Recheck'] ?? 0),
  };
}

interface PlanNode {
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

async function measureAvailability(stack: TestStack, db: SchedulingClient): Promise<SchedulingFigures['availability']> {
  const owner = await stack.createOrganization({ name: 'Availability bench' });
  const resource = expectData(
    await owner.request(BENCH_CREATE_RESOURCE, {
      input: { name: 'Busy studio', type: 'SPACE', timeZone: 'Europe/London', openHours: EVERY_DAY('07:00', '21:00') },
    }),
  ).createResource;
  await seedBookings(db, owner, resource.id);
  const from = startOfUtcDay(Date.now()) + 7 * DAY;
  const to = from + WINDOW_DAYS * DAY;
  const [inWindow] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "Booking" WHERE "resourceId" = $1 AND "startsAt" < $2::timestamptz AND "endsAt" > $3::timestamptz`,
    resource.id,
    iso(to),
    iso(from),
  );
  let slots = 0;
  const durations = await durationsOf(async () => {
    const answer = expectData(
      await owner.request(BENCH_RESOURCE_AVAILABILITY, { resourceId: resource.id, from: iso(from), to: iso(to), durationMinutes: 60 }),
    ).resourceAvailability;
    slots = answer?.length ?? 0;
  }, RUNS);
  if (slots === 0) throw new Error('resourceAvailability found no free slot in 30 days: the seed is wrong');
  return {
    bookings: BOOKINGS,
    inWindow: inWindow!.n,
    slots,
    p50: percentile(durations, 0.5),
    p95: percentile(durations, 0.95),
    plan: await explainAvailabilityBookings(db, owner, resource.id, from, to),
  };
}

/**
 * SERIES recurring events in bulk (SQL), starting through 2025 at 07:00–19:00 local time in six
 * time zones: half weekly on their first day, a fifth weekly on Tuesday and Thursday (half of
 * those ending in October 2026), a fifth daily (weekdays, or every third day), a tenth monthly.
 * One in ten has two exception dates in 2026 and another one in ten a cancelled and a moved
 * occurrence (overrides), all on weeks the rule gives.
 */
async function seedSeries(db: SchedulingClient, owner: Actor) {
  await db.$executeRawUnsafe(
    `INSERT INTO "Event" ("id", "organizationId", "title", "startsAt", "endsAt", "timeZone", "hostId", "recurrenceRule", "exceptionDates", "recurrenceEndsAt", "updatedAt")
     SELECT 'bench-series-' || i, $1, 'Series ' || i, local_start AT TIME ZONE zone, (local_start + minutes * interval '1 minute') AT TIME ZONE zone, zone, $2, rule,
            CASE WHEN i % 10 = 0 THEN ARRAY[(local_start + 55 * interval '7 days') AT TIME ZONE zone, (local_start + 70 * interval '7 days') AT TIME ZONE zone]
                 ELSE ARRAY[]::timestamptz[] END,
            CASE WHEN rule LIKE '%UNTIL%' THEN timestamptz '2026-10-02' END, now()
     FROM (SELECT i,
                  (ARRAY['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/Berlin', 'UTC'])[1 + i % 6] AS zone,
                  timestamp '2025-01-06' + (i % 350) * interval '1 day' + (7 + i % 13) * interval '1 hour' AS local_start,
                  30 + (i % 4) * 30 AS minutes,
                  CASE WHEN i % 10 < 5 THEN 'FREQ=WEEKLY'
                       WHEN i % 10 < 7 THEN 'FREQ=WEEKLY;BYDAY=TU,TH' || CASE WHEN i % 2 = 0 THEN ';UNTIL=20261001T000000Z' ELSE '' END
                       WHEN i % 10 = 7 THEN 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR'
                       WHEN i % 10 = 8 THEN 'FREQ=DAILY;INTERVAL=3'
                       ELSE 'FREQ=MONTHLY' END AS rule
           FROM generate_series(0, ${SERIES - 1}) AS i) AS series`,
    owner.organizationId,
    owner.userId,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "EventOverride" ("id", "organizationId", "eventId", "originalStartsAt", "cancelled", "startsAt", "endsAt", "title", "updatedAt")
     SELECT 'bench-override-' || e."id" || '-' || week, $1, e."id", original, week = 58,
            CASE WHEN week = 62 THEN original + interval '2 hours' END,
            CASE WHEN week = 62 THEN original + interval '2 hours' + (e."endsAt" - e."startsAt") END,
            CASE WHEN week = 62 THEN e."title" || ' (moved)' END, now()
     FROM "Event" e, unnest(ARRAY[58, 62]) AS week,
          LATERAL (SELECT (((e."startsAt" AT TIME ZONE e."timeZone") + week * interval '7 days') AT TIME ZONE e."timeZone") AS original) AS o
     WHERE e."organizationId" = $1 AND e."recurrenceRule" = 'FREQ=WEEKLY' AND right(e."id", 1) = '1'`,
    owner.organizationId,
  );
  await db.$executeRawUnsafe('ANALYZE "Event"');
  await db.$executeRawUnsafe('ANALYZE "EventOverride"');
}

async function measureOccurrences(stack: TestStack, db: SchedulingClient): Promise<SchedulingFigures['occurrences']> {
  const owner = await stack.createOrganization({ name: 'Recurrence bench' });
  await seedSeries(db, owner);
  const windows: { from: string; to: string }[] = [];
  for (let at = YEAR.from; at < YEAR.to; at += SWEEP_DAYS * DAY)
    windows.push({ from: iso(at), to: iso(Math.min(YEAR.to, at + SWEEP_DAYS * DAY)) });
  const sweep = async () => {
    const counts: number[] = [];
    for (const window of windows)
      counts.push(expectData(await owner.request(BENCH_EVENT_OCCURRENCES, window)).eventOccurrences?.length ?? 0);
    return counts;
  };
  const counts = await sweep();
  const yearDurations: number[] = [];
  for (let round = 0; round < YEAR_ROUNDS; round++) yearDurations.push((await timed(sweep)).ms);
  // One week in the middle of the year, on its own.
  const week = windows[Math.floor(windows.length / 2)]!;
  const weekDurations = await durationsOf(() => owner.request(BENCH_EVENT_OCCURRENCES, week), RUNS);
  // The whole year in one query holds more than the 2,000 occurrences an answer may: refused.
  let refusedCode = '';
  const refusedDurations = await durationsOf(
    async () => {
      const response = await owner.request(BENCH_EVENT_OCCURRENCES, { from: iso(YEAR.from), to: iso(YEAR.to) });
      refusedCode = String(response.errors?.[0]?.extensions?.code ?? 'answered');
    },
    Math.min(RUNS, 5),
  );
  return {
    series: SERIES,
    windows: windows.length,
    occurrences: counts.reduce((sum, count) => sum + count, 0),
    largestWindow: Math.max(...counts),
    weekP50: percentile(weekDurations, 0.5),
    yearP50: percentile(yearDurations, 0.5),
    wholeYearRefusedP50: percentile(refusedDurations, 0.5),
    refusedCode,
  };
}

/** CONTENTION_ROUNDS rounds of CONTENDERS members booking the same slot at once: exactly one may win. */
async function measureContention(stack: TestStack): Promise<SchedulingFigures['contention']> {
  const owner = await stack.createOrganization({ name: 'Contention bench' });
  const members: Actor[] = [];
  for (let i = 0; i < CONTENDERS; i++) members.push(await stack.addMember(owner, 'MEMBER'));
  const resource = expectData(
    await owner.request(BENCH_CREATE_RESOURCE, {
      input: { name: 'Contended room', type: 'SPACE', timeZone: 'UTC', openHours: EVERY_DAY('08:00', '20:00') },
    }),
  ).createResource;
  const settled: number[] = [];
  for (let round = 0; round < CONTENTION_ROUNDS; round++) {
    const startsAt = startOfUtcDay(Date.now()) + (30 + round) * DAY + 10 * 3_600_000;
    const input = { resourceId: resource.id, startsAt: iso(startsAt), endsAt: iso(startsAt + 3_600_000) };
    const { ms, result } = await timed(() => Promise.all(members.map((member) => member.request(BENCH_BOOK_RESOURCE, { input }))));
    const winners = result.filter((response) => response.data?.bookResource);
    const codes = result.filter((response) => !response.data?.bookResource).map((response) => response.errors?.[0]?.extensions?.code);
    if (winners.length !== 1 || codes.some((code) => code !== 'CONFLICT')) {
      throw new Error(
        `${CONTENDERS} bookings of one slot (round ${round + 1}): expected exactly 1 success and ${CONTENDERS - 1} CONFLICT, ` +
          `got ${winners.length} successes and ${JSON.stringify(codes)}`,
      );
    }
    settled.push(ms);
  }
  return { rounds: CONTENTION_ROUNDS, settleP50: percentile(settled, 0.5), settleMax: Math.max(...settled) };
}

/** FEED_EVENTS events on one calendar (SQL): nine in ten single, one in ten weekly ten times, every 50th with a moved occurrence. */
async function seedFeedEvents(db: SchedulingClient, owner: Actor, calendarId: string) {
  await db.$executeRawUnsafe(
    `INSERT INTO "Event" ("id", "organizationId", "calendarId", "title", "description", "location", "startsAt", "endsAt", "timeZone", "hostId", "recurrenceRule", "recurrenceEndsAt", "updatedAt")
     SELECT 'bench-feed-' || i, $1, $2, 'Session ' || i, 'Bring what you need for session ' || i || '. ' || md5(i::text), 'Room ' || (1 + i % 12),
            s, s + (45 + (i % 3) * 15) * interval '1 minute', 'Europe/Berlin', $3,
            CASE WHEN i % 10 = 0 THEN 'FREQ=WEEKLY;COUNT=10' END,
            CASE WHEN i % 10 = 0 THEN s + interval '10 weeks' ELSE s + interval '2 hours' END, now()
     FROM generate_series(0, ${FEED_EVENTS - 1}) AS i,
          LATERAL (SELECT timestamptz '2026-01-05 08:00+00' + (i / 8) * interval '1 day' + (i % 8) * interval '75 minutes' AS s) AS start`,
    owner.organizationId,
    calendarId,
    owner.userId,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "EventOverride" ("id", "organizationId", "eventId", "originalStartsAt", "startsAt", "endsAt", "title", "updatedAt")
     SELECT 'bench-feed-override-' || e."id", $1, e."id", e."startsAt" + interval '2 weeks', e."startsAt" + interval '2 weeks 1 hour',
            e."endsAt" + interval '2 weeks 1 hour', e."title" || ' (moved)', now()
     FROM "Event" e WHERE e."calendarId" = $2 AND e."recurrenceRule" IS NOT NULL AND split_part(e."id", '-', 3)::int % 50 = 0`,
    owner.organizationId,
    calendarId,
  );
}

async function measureFeed(stack: TestStack, db: SchedulingClient): Promise<SchedulingFigures['feed']> {
  const owner = await stack.createOrganization({ name: 'Feed bench' });
  const calendarId = expectData(await owner.request(BENCH_CREATE_CALENDAR, { name: 'Sessions', timeZone: 'Europe/Berlin' })).createCalendar
    .id;
  await seedFeedEvents(db, owner, calendarId);
  const { url } = expectData(await owner.request(BENCH_ISSUE_FEED, { calendarId })).issueCalendarFeed;
  // A calendar app fetches the feed from scheduling's own server (the URL's host is PLAZA_SCHEDULING_PUBLIC_URL).
  const feedUrl = new URL(new URL(url).pathname, new URL(stack.running.subgraphs.scheduling!.server.url).origin);
  let body = '';
  const durations = await durationsOf(async () => {
    const response = await fetch(feedUrl);
    if (!response.ok) throw new Error(`the feed answered ${response.status}: ${await response.text()}`);
    body = await response.text();
  }, RUNS);
  return {
    events: FEED_EVENTS,
    vevents: body.split('BEGIN:VEVENT').length - 1,
    bytes: Buffer.byteLength(body),
    p50: percentile(durations, 0.5),
  };
}

/** `pnpm --filter @plaza/bench bench:scheduling`: availability, recurrence expansion, contention, iCalendar feed. */
export async function measureScheduling(): Promise<SchedulingFigures> {
  const stack = await startTestStack({ only: ['identity', 'scheduling'] });
  try {
    const db = stack.prisma<SchedulingClient>('scheduling');
    const availability = await measureAvailability(stack, db);
    const occurrences = await measureOccurrences(stack, db);
    const contention = await measureContention(stack);
    const feed = await measureFeed(stack, db);
    return { availability, occurrences, contention, feed };
  } finally {
    await stack.stop();
  }
}

export function printScheduling(figures: SchedulingFigures) {
  const { availability, occurrences, contention, feed } = figures;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows: [string, string][] = [
    [
      `resourceAvailability over ${WINDOW_DAYS} days, ${availability.bookings} bookings of the resource (${availability.inWindow} in the window), ${RUNS} runs`,
      `p50 ${ms(availability.p50)}, p95 ${ms(availability.p95)} (${availability.slots} slots)`,
    ],
    [
      '  its bookings query on these rows (EXPLAIN ANALYZE)',
      `${availability.plan.rowsRead} rows read for ${availability.plan.rowsReturned} returned, index ${availability.plan.index ?? 'none'}`,
    ],
    [
      `eventOccurrences of ${occurrences.series} recurring events over 2026, in ${occurrences.windows} week-long queries (${YEAR_ROUNDS} rounds)`,
      `p50 ${ms(occurrences.yearP50)} for the year, ${occurrences.occurrences} occurrences (at most ${occurrences.largestWindow} a week)`,
    ],
    [`  one week of them, ${RUNS} runs`, `p50 ${ms(occurrences.weekP50)}`],
    [`  the whole year in one query (over the 2,000 cap)`, `${occurrences.refusedCode} after p50 ${ms(occurrences.wholeYearRefusedP50)}`],
    [
      `${CONTENDERS} bookResource of one slot at once, ${contention.rounds} rounds (exactly 1 success each)`,
      `all settled p50 ${ms(contention.settleP50)}, slowest ${ms(contention.settleMax)}`,
    ],
    [
      `iCalendar feed of a calendar with ${feed.events} events (${feed.vevents} VEVENTs), ${RUNS} runs`,
      `p50 ${ms(feed.p50)}, ${feed.bytes.toLocaleString('en-GB')} bytes`,
    ],
  ];
  const width = Math.max(...rows.map(([what]) => what.length));
  console.log('scheduling:');
  for (const [what, figure] of rows) console.log(`  ${what.padEnd(width)}  ${figure}`);
}
