import { describe, expect, it } from 'vitest';
import { isOccurrence, occurrenceStarts, parseRecurrenceRule, recurrenceEnd, splitRule, type Series } from './recurrence.ts';

// A Monday 09:00–10:00 class in Berlin, which moves to summer time on Sunday 2031-03-30 and back on 2031-10-26.
const series = (rule: string | null, exceptionDates: Date[] = []): Series => ({
  startsAt: new Date('2031-03-24T08:00:00Z'),
  endsAt: new Date('2031-03-24T09:00:00Z'),
  timeZone: 'Europe/Berlin',
  recurrenceRule: rule,
  exceptionDates,
});
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('occurrenceStarts', () => {
  it('keeps 09:00 local across daylight-saving changes in both directions', () => {
    expect(iso(occurrenceStarts(series('FREQ=WEEKLY;BYDAY=MO'), new Date('2031-03-23T00:00Z'), new Date('2031-04-08T00:00Z')))).toEqual([
      '2031-03-24T08:00:00.000Z',
      '2031-03-31T07:00:00.000Z',
      '2031-04-07T07:00:00.000Z',
    ]);
    expect(iso(occurrenceStarts(series('FREQ=WEEKLY;BYDAY=MO'), new Date('2031-10-19T00:00Z'), new Date('2031-11-04T00:00Z')))).toEqual([
      '2031-10-20T07:00:00.000Z',
      '2031-10-27T08:00:00.000Z',
      '2031-11-03T08:00:00.000Z',
    ]);
  });

  it('leaves out exception dates, stops at COUNT, and includes an occurrence that began before the range', () => {
    const weekly = series('FREQ=WEEKLY;COUNT=3', [new Date('2031-03-31T07:00:00Z')]);
    expect(iso(occurrenceStarts(weekly, new Date('2031-01-01Z'), new Date('2032-01-01Z')))).toEqual([
      '2031-03-24T08:00:00.000Z',
      '2031-04-07T07:00:00.000Z',
    ]);
    expect(iso(occurrenceStarts(weekly, new Date('2031-03-24T08:30:00Z'), new Date('2031-03-24T08:31:00Z')))).toEqual([
      '2031-03-24T08:00:00.000Z',
    ]);
    expect(isOccurrence(weekly, new Date('2031-03-31T07:00:00Z'))).toBe(false);
    expect(isOccurrence(weekly, new Date('2031-04-07T07:00:00Z'))).toBe(true);
    expect(iso(occurrenceStarts(series(null), new Date('2031-03-24T08:59:00Z'), new Date('2031-03-25Z')))).toEqual([
      '2031-03-24T08:00:00.000Z',
    ]);
  });
});

describe('parseRecurrenceRule', () => {
  it('normalises a rule and says what is wrong with a bad one', () => {
    expect(parseRecurrenceRule('rrule:freq=weekly;byday=mo', series(null))).toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(parseRecurrenceRule('FREQ=HOURLY', series(null))).toEqual({
      error: 'FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY (got "HOURLY")',
    });
    expect(parseRecurrenceRule('FREQ=WEEKLY;BYDAY=XX', series(null))).toEqual({ error: 'Invalid BYDAY value: XX' });
    expect(parseRecurrenceRule('FREQ=WEEKLY;COUNT=0', series(null))).toEqual({
      error: 'COUNT must be a whole number from 1 to 1000 (got "0")',
    });
    expect(parseRecurrenceRule('FREQ=WEEKLY\nEXDATE:20310101T000000Z', series(null))).toMatchObject({
      error: expect.stringMatching(/must be one RRULE value/),
    });
  });
});

describe('recurrenceEnd and splitRule', () => {
  it('ends a counted series with its last occurrence, and an open one never', () => {
    expect(recurrenceEnd(series('FREQ=WEEKLY;COUNT=3'))).toEqual(new Date('2031-04-07T08:00:00Z'));
    expect(recurrenceEnd(series('FREQ=DAILY'))).toBeNull();
    expect(recurrenceEnd(series(null))).toEqual(new Date('2031-03-24T09:00:00Z'));
  });

  it('splits a counted series into what came before and what is left', () => {
    const counted = { ...series('FREQ=WEEKLY;COUNT=5'), recurrenceRule: 'FREQ=WEEKLY;COUNT=5' };
    expect(splitRule(counted, new Date('2031-04-07T07:00:00Z'))).toEqual({
      before: 'FREQ=WEEKLY;UNTIL=20310407T065959Z',
      after: 'FREQ=WEEKLY;COUNT=3',
    });
  });
});
