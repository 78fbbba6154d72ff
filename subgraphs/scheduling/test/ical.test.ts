import ical from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE_CALENDAR = graphql(`
  mutation IcalCreateCalendar($input: CreateCalendarInput!) {
    createCalendar(input: $input) {
      id
    }
  }
`);
const CREATE_EVENT = graphql(`
  mutation IcalCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
    }
  }
`);
const UPDATE_EVENT = graphql(`
  mutation IcalUpdateEvent($id: ID!, $input: UpdateEventInput!, $scope: EditScope, $occurrenceStartsAt: DateTime) {
    updateEvent(id: $id, input: $input, scope: $scope, occurrenceStartsAt: $occurrenceStartsAt) {
      id
    }
  }
`);
const CANCEL_EVENT = graphql(`
  mutation IcalCancelEvent($id: ID!, $scope: EditScope, $occurrenceStartsAt: DateTime) {
    cancelEvent(id: $id, scope: $scope, occurrenceStartsAt: $occurrenceStartsAt) {
      id
    }
  }
`);
const ISSUE = graphql(`
  mutation IcalIssueFeed($calendarId: ID!) {
    issueCalendarFeed(calendarId: $calendarId) {
      url
      calendar {
        id
        feedActive
      }
    }
  }
`);
const REVOKE = graphql(`
  mutation IcalRevokeFeed($calendarId: ID!) {
    revokeCalendarFeed(calendarId: $calendarId) {
      feedActive
    }
  }
`);
const IMPORT = graphql(`
  mutation IcalImport($calendarId: ID!, $ics: String!) {
    importCalendarEvents(calendarId: $calendarId, ics: $ics) {
      created
      updated
      events {
        id
        title
        timeZone
        recurrence
        exceptionDates
      }
    }
  }
`);
const OCCURRENCES = graphql(`
  query IcalOccurrences($from: DateTime!, $to: DateTime!, $calendarId: ID) {
    eventOccurrences(from: $from, to: $to, calendarId: $calendarId) {
      originalStartsAt
      startsAt
      title
      modified
    }
  }
`);

/** The feed as a calendar app fetches it: from scheduling's own server (the URL's host is PLAZA_SCHEDULING_PUBLIC_URL). */
async function fetchFeed(url: string): Promise<Response> {
  const server = new URL(stack.running.subgraphs.scheduling!.server.url);
  return fetch(new URL(new URL(url).pathname, server.origin));
}

const calendarOf = async (owner: Actor, timeZone = 'Europe/Berlin') =>
  expectData(await owner.request(CREATE_CALENDAR, { input: { name: 'Classes', ownerType: 'ORGANIZATION', timeZone } })).createCalendar.id;

// Mondays 18:00 Berlin time from 2031-03-17, across the change to summer time on 2031-03-30.
const FIRST = '2031-03-17T17:00:00.000Z';
const SECOND = '2031-03-24T17:00:00.000Z';
const THIRD_BERLIN_SUMMER = '2031-03-31T16:00:00.000Z';
const FOURTH = '2031-04-07T16:00:00.000Z';
const FIFTH = '2031-04-14T16:00:00.000Z';

async function recurringClass(owner: Actor, calendarId: string) {
  const { id } = expectData(
    await owner.request(CREATE_EVENT, {
      input: {
        title: 'Yoga',
        startsAt: FIRST,
        endsAt: '2031-03-17T18:00:00.000Z',
        timeZone: 'Europe/Berlin',
        calendarId,
        location: 'Studio A',
        recurrence: 'FREQ=WEEKLY;COUNT=6',
        exceptionDates: [SECOND],
      },
    }),
  ).createEvent;
  // The fourth is moved an hour later and renamed; the fifth is called off.
  expectData(
    await owner.request(UPDATE_EVENT, {
      id,
      scope: 'THIS',
      occurrenceStartsAt: FOURTH,
      input: { startsAt: '2031-04-07T17:00:00.000Z', endsAt: '2031-04-07T18:00:00.000Z', title: 'Yoga (late)' },
    }),
  );
  expectData(await owner.request(CANCEL_EVENT, { id, scope: 'THIS', occurrenceStartsAt: FIFTH }));
  return id;
}

describe('iCalendar feed', () => {
  it('serves valid RFC 5545 at a secret URL: recurrence, exceptions, a moved occurrence and the time zone, read back by node-ical', async () => {
    const owner = await stack.createOrganization();
    const calendarId = await calendarOf(owner);
    const eventId = await recurringClass(owner, calendarId);
    const { url, calendar } = expectData(await owner.request(ISSUE, { calendarId })).issueCalendarFeed;
    expect(calendar.feedActive).toBe(true);
    expect(url).toMatch(/^http:\/\/localhost:4005\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);

    const response = await fetchFeed(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');

    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((component) => component?.type === 'VEVENT');
    expect(events).toHaveLength(1);
    const series = events[0]!;
    if (series.type !== 'VEVENT') throw new Error('not a VEVENT');
    expect(series.uid).toBe(`${eventId}@plaza`);
    expect(series.summary).toBe('Yoga');
    expect(series.start?.tz).toBe('Europe/Berlin');
    expect(series.start?.toISOString()).toBe(FIRST);
    expect(String(series.rrule?.toString())).toContain('FREQ=WEEKLY;COUNT=6');
    // The exception date and the cancelled occurrence, as instants.
    expect([...new Set(Object.values(series.exdate ?? {}).map((date) => new Date(date as Date).toISOString()))].sort()).toEqual([
      SECOND,
      FIFTH,
    ]);
    // node-ical lists each moved occurrence under two keys (its date and its date-time).
    const moved = [...new Set(Object.values(series.recurrences ?? {}))];
    expect(
      moved.map((occurrence) => [
        occurrence.recurrenceid && new Date(occurrence.recurrenceid as Date).toISOString(),
        occurrence.start && new Date(occurrence.start as Date).toISOString(),
        occurrence.summary,
      ]),
    ).toEqual([[FOURTH, '2031-04-07T17:00:00.000Z', 'Yoga (late)']]);
    // The rule keeps 18:00 Berlin time across the change to summer time (UTC+2).
    const starts = series.rrule!.between(new Date('2031-03-01T00:00:00Z'), new Date('2031-05-01T00:00:00Z'), true);
    expect(starts.map((date) => date.toISOString())).toContain(THIRD_BERLIN_SUMMER);
  });

  it('stops answering once revoked, and a new URL replaces the old one', async () => {
    const owner = await stack.createOrganization();
    const calendarId = await calendarOf(owner);
    const first = expectData(await owner.request(ISSUE, { calendarId })).issueCalendarFeed.url;
    const second = expectData(await owner.request(ISSUE, { calendarId })).issueCalendarFeed.url;
    expect((await fetchFeed(first)).status).toBe(404);
    expect((await fetchFeed(second)).status).toBe(200);
    expect(expectData(await owner.request(REVOKE, { calendarId })).revokeCalendarFeed.feedActive).toBe(false);
    expect((await fetchFeed(second)).status).toBe(404);
    expect((await fetchFeed(second.replace(/\.ics$/, ''))).status).toBe(404);

    const member = await stack.addMember(owner);
    expectErrorCode(await member.request(ISSUE, { calendarId }), 'FORBIDDEN');
  });
});

describe('iCalendar import', () => {
  it('imports a feed into another calendar with its series, exceptions and moved occurrence; a second import updates', async () => {
    const owner = await stack.createOrganization();
    const source = await calendarOf(owner);
    await recurringClass(owner, source);
    const text = await (await fetchFeed(expectData(await owner.request(ISSUE, { calendarId: source })).issueCalendarFeed.url)).text();

    const target = await calendarOf(owner, 'UTC');
    const imported = expectData(await owner.request(IMPORT, { calendarId: target, ics: text })).importCalendarEvents;
    expect(imported).toMatchObject({ created: 1, updated: 0 });
    expect(imported.events[0]).toMatchObject({ title: 'Yoga', timeZone: 'Europe/Berlin', recurrence: 'FREQ=WEEKLY;COUNT=6' });
    // The cancelled occurrence came as an EXDATE.
    expect([...imported.events[0]!.exceptionDates].sort()).toEqual([SECOND, FIFTH]);

    const window = { from: '2031-03-01T00:00:00Z', to: '2031-05-01T00:00:00Z' };
    const occurrences = async (calendarId: string) =>
      expectData(await owner.request(OCCURRENCES, { ...window, calendarId })).eventOccurrences.map((o) => [
        o.startsAt,
        o.title,
        o.modified,
      ]);
    expect(await occurrences(target)).toEqual(await occurrences(source));
    expect(await occurrences(target)).toEqual([
      [FIRST, 'Yoga', false],
      [THIRD_BERLIN_SUMMER, 'Yoga', false],
      ['2031-04-07T17:00:00.000Z', 'Yoga (late)', true],
      ['2031-04-21T16:00:00.000Z', 'Yoga', false],
    ]);

    const again = expectData(await owner.request(IMPORT, { calendarId: target, ics: text })).importCalendarEvents;
    expect(again).toMatchObject({ created: 0, updated: 1 });
    expect(await occurrences(target)).toHaveLength(4);
  });

  it('refuses a malformed file with BAD_USER_INPUT naming the line, and writes nothing', async () => {
    const owner = await stack.createOrganization();
    const calendarId = await calendarOf(owner, 'UTC');
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'BEGIN:VEVENT',
      'UID:good@test',
      'DTSTART:20310301T090000Z',
      'DTEND:20310301T100000Z',
      'SUMMARY:Fine',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:bad@test',
      'DTSTART:20310302T090000Z',
      'DTEND:20310302T100000Z',
      'RRULE:FREQ=SOMETIMES',
      'SUMMARY:Broken rule',
      'END:VEVENT',
      'END:VCALENDAR',
    ];
    const badRule = await owner.request(IMPORT, { calendarId, ics: lines.join('\r\n') });
    expectErrorCode(badRule, 'BAD_USER_INPUT');
    expect(badRule.errors![0]!.message).toMatch(/^Invalid input: ics: line 14: invalid frequency "SOMETIMES"/);

    const garbage = [...lines.slice(0, 5), 'THIS IS NOT A CONTENT LINE', ...lines.slice(5)].join('\r\n');
    const refused = await owner.request(IMPORT, { calendarId, ics: garbage });
    expectErrorCode(refused, 'BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toBe('Invalid input: ics: line 6: invalid line (no token ";" or ":") "THIS IS NOT A CONTENT LINE"');

    const backwards = lines.slice(0, 9).concat('END:VCALENDAR').join('\r\n').replace('DTEND:20310301T100000Z', 'DTEND:20310301T080000Z');
    const ends = await owner.request(IMPORT, { calendarId, ics: backwards });
    expect(ends.errors![0]!.message).toMatch(/^Invalid input: ics: line 7: event good@test ends/);

    const unknownZone = lines
      .slice(0, 9)
      .concat('END:VCALENDAR')
      .join('\r\n')
      .replace('DTSTART:20310301T090000Z', 'DTSTART;TZID=Mars/Olympus:20310301T090000');
    const zone = await owner.request(IMPORT, { calendarId, ics: unknownZone });
    expect(zone.errors![0]!.message).toMatch(/^Invalid input: ics: line 6: DTSTART: .*Mars\/Olympus/);

    // The good first event of each file was not kept.
    expect(
      expectData(await owner.request(OCCURRENCES, { from: '2031-02-01T00:00:00Z', to: '2031-04-01T00:00:00Z', calendarId }))
        .eventOccurrences,
    ).toEqual([]);
  });
});
