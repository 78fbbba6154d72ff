import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';
import type { CreateEventInput } from './graphql/graphql.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE = graphql(`
  mutation RecurrenceCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
      recurrence
      timeZone
      exceptionDates
      calendar {
        id
      }
    }
  }
`);
const UPDATE = graphql(`
  mutation RecurrenceUpdateEvent($id: ID!, $input: UpdateEventInput!, $scope: EditScope, $occurrenceStartsAt: DateTime) {
    updateEvent(id: $id, input: $input, scope: $scope, occurrenceStartsAt: $occurrenceStartsAt) {
      id
      title
      startsAt
      recurrence
      splitFrom {
        id
      }
    }
  }
`);
const CANCEL = graphql(`
  mutation RecurrenceCancelEvent($id: ID!, $scope: EditScope, $occurrenceStartsAt: DateTime) {
    cancelEvent(id: $id, scope: $scope, occurrenceStartsAt: $occurrenceStartsAt) {
      id
      cancelledAt
    }
  }
`);
const OCCURRENCES = graphql(`
  query RecurrenceOccurrences($from: DateTime!, $to: DateTime!, $calendarId: ID) {
    eventOccurrences(from: $from, to: $to, calendarId: $calendarId) {
      event {
        id
      }
      originalStartsAt
      startsAt
      endsAt
      title
      location
      modified
    }
  }
`);
const CREATE_CALENDAR = graphql(`
  mutation RecurrenceCreateCalendar($input: CreateCalendarInput!) {
    createCalendar(input: $input) {
      id
    }
  }
`);

// A Monday 09:00–10:00 class in Berlin; clocks go forward on Sunday 2031-03-30.
const weeklyClass = (input: Partial<CreateEventInput> = {}): CreateEventInput => ({
  title: 'Morning Flow',
  startsAt: '2031-03-17T08:00:00.000Z',
  endsAt: '2031-03-17T09:00:00.000Z',
  timeZone: 'Europe/Berlin',
  recurrence: 'FREQ=WEEKLY;BYDAY=MO',
  location: 'Studio A',
  ...input,
});

async function occurrences(actor: Actor, from: string, to: string, calendarId?: string) {
  return expectData(await actor.request(OCCURRENCES, { from, to, calendarId })).eventOccurrences;
}

describe('recurring events', () => {
  it('expands a weekly series at 09:00 Berlin time across the daylight-saving change, without exception dates', async () => {
    const owner = await stack.createOrganization();
    const calendar = expectData(
      await owner.request(CREATE_CALENDAR, { input: { name: 'Classes', ownerType: 'ORGANIZATION' } }),
    ).createCalendar;
    const event = expectData(
      await owner.request(CREATE, { input: weeklyClass({ calendarId: calendar.id, exceptionDates: ['2031-03-24T08:00:00.000Z'] }) }),
    ).createEvent;
    expect(event).toMatchObject({ recurrence: 'FREQ=WEEKLY;BYDAY=MO', timeZone: 'Europe/Berlin', calendar: { id: calendar.id } });

    const list = await occurrences(owner, '2031-03-16T00:00:00.000Z', '2031-04-08T00:00:00.000Z', calendar.id);
    expect(list.map((occurrence) => [occurrence.startsAt, occurrence.endsAt])).toEqual([
      ['2031-03-17T08:00:00.000Z', '2031-03-17T09:00:00.000Z'],
      ['2031-03-31T07:00:00.000Z', '2031-03-31T08:00:00.000Z'],
      ['2031-04-07T07:00:00.000Z', '2031-04-07T08:00:00.000Z'],
    ]);
    expect(
      await occurrences(owner, '2031-03-16T00:00:00.000Z', '2031-04-08T00:00:00.000Z', (await stack.createOrganization()).userId),
    ).toEqual([]);
  });

  it('edits this occurrence, this and following, and all; cancels one or the rest', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const { id } = expectData(await owner.request(CREATE, { input: weeklyClass() })).createEvent;
    const window = ['2031-03-16T00:00:00.000Z', '2031-04-22T00:00:00.000Z'] as const;

    // THIS: move the 31 March class to 18:00 local and rename it.
    expectData(
      await owner.request(UPDATE, {
        id,
        scope: 'THIS',
        occurrenceStartsAt: '2031-03-31T07:00:00.000Z',
        input: { startsAt: '2031-03-31T16:00:00.000Z', title: 'Evening Flow' },
      }),
    );
    // THIS: cancel 7 April.
    expectData(await owner.request(CANCEL, { id, scope: 'THIS', occurrenceStartsAt: '2031-04-07T07:00:00.000Z' }));
    let list = await occurrences(owner, ...window);
    expect(list.map((occurrence) => [occurrence.startsAt, occurrence.title, occurrence.modified])).toEqual([
      ['2031-03-17T08:00:00.000Z', 'Morning Flow', false],
      ['2031-03-24T08:00:00.000Z', 'Morning Flow', false],
      ['2031-03-31T16:00:00.000Z', 'Evening Flow', true],
      ['2031-04-14T07:00:00.000Z', 'Morning Flow', false],
      ['2031-04-21T07:00:00.000Z', 'Morning Flow', false],
    ]);
    expect(list[2]?.originalStartsAt).toBe('2031-03-31T07:00:00.000Z');

    // THIS_AND_FOLLOWING from 14 April: a new series, the old one ends before it.
    const successor = expectData(
      await owner.request(UPDATE, {
        id,
        scope: 'THIS_AND_FOLLOWING',
        occurrenceStartsAt: '2031-04-14T07:00:00.000Z',
        input: { location: 'Studio B', title: 'Flow II' },
      }),
    ).updateEvent;
    expect(successor).toMatchObject({ title: 'Flow II', startsAt: '2031-04-14T07:00:00.000Z', splitFrom: { id } });
    expect(successor.id).not.toBe(id);
    list = await occurrences(owner, ...window);
    expect(list.map((occurrence) => [occurrence.event.id, occurrence.startsAt, occurrence.location])).toEqual([
      [id, '2031-03-17T08:00:00.000Z', 'Studio A'],
      [id, '2031-03-24T08:00:00.000Z', 'Studio A'],
      [id, '2031-03-31T16:00:00.000Z', 'Studio A'],
      [successor.id, '2031-04-14T07:00:00.000Z', 'Studio B'],
      [successor.id, '2031-04-21T07:00:00.000Z', 'Studio B'],
    ]);

    // ALL: rename the original series everywhere it still runs.
    expect(expectData(await owner.request(UPDATE, { id, input: { title: 'Sunrise Flow' } })).updateEvent.title).toBe('Sunrise Flow');
    list = await occurrences(owner, ...window);
    expect(list.map((occurrence) => occurrence.title)).toEqual(['Sunrise Flow', 'Sunrise Flow', 'Evening Flow', 'Flow II', 'Flow II']);

    // THIS_AND_FOLLOWING cancellation of the successor from 21 April; ALL of the original.
    expectData(
      await owner.request(CANCEL, { id: successor.id, scope: 'THIS_AND_FOLLOWING', occurrenceStartsAt: '2031-04-21T07:00:00.000Z' }),
    );
    expect(expectData(await owner.request(CANCEL, { id })).cancelEvent.cancelledAt).not.toBeNull();
    list = await occurrences(owner, ...window);
    expect(list.map((occurrence) => occurrence.startsAt)).toEqual(['2031-04-14T07:00:00.000Z']);

    expectErrorCode(await member.request(CANCEL, { id: successor.id }), 'FORBIDDEN');
  });

  it('refuses an invalid rule, an occurrence the series does not have, and per-occurrence changes of series-only fields', async () => {
    const owner = await stack.createOrganization();
    const bad = expectErrorCode(
      await owner.request(CREATE, { input: weeklyClass({ recurrence: 'FREQ=WEEKLY;BYDAY=XX' }) }),
      'BAD_USER_INPUT',
    );
    expect(bad.message).toBe('Invalid input: recurrence: Invalid BYDAY value: XX ("FREQ=WEEKLY;BYDAY=XX")');
    expectErrorCode(await owner.request(CREATE, { input: weeklyClass({ timeZone: 'Berlin' }) }), 'BAD_USER_INPUT');
    const { id } = expectData(await owner.request(CREATE, { input: weeklyClass() })).createEvent;
    const missing = expectErrorCode(
      await owner.request(UPDATE, { id, scope: 'THIS', occurrenceStartsAt: '2031-03-18T08:00:00.000Z', input: { title: 'x' } }),
      'BAD_USER_INPUT',
    );
    expect(missing.message).toBe(`Invalid input: occurrenceStartsAt: event ${id} has no occurrence starting at 2031-03-18T08:00:00.000Z`);
    expectErrorCode(await owner.request(UPDATE, { id, scope: 'THIS', input: { title: 'x' } }), 'BAD_USER_INPUT');
    const seriesOnly = expectErrorCode(
      await owner.request(UPDATE, { id, scope: 'THIS', occurrenceStartsAt: '2031-03-24T08:00:00.000Z', input: { capacity: 5 } }),
      'BAD_USER_INPUT',
    );
    expect(seriesOnly.message).toMatch(/capacity: cannot change for one occurrence only/);
    expectErrorCode(
      await owner.request(OCCURRENCES, { from: '2031-01-01T00:00:00.000Z', to: '2032-06-01T00:00:00.000Z' }),
      'BAD_USER_INPUT',
    );
  });
});
