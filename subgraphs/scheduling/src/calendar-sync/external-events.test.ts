import { describe, expect, it } from 'vitest';
import { IcsError } from '../ical/ical-reader.ts';
import { busyTimesOfFeed, diffBusyTimes, type ExternalBusy } from './external-events.ts';

const feed = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const vevent = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');
const window = { from: new Date('2031-03-01T00:00:00Z'), to: new Date('2031-04-01T00:00:00Z') };

describe('busyTimesOfFeed', () => {
  it('reads single events, expands series in the window per occurrence, applying moved and cancelled occurrences', () => {
    const text = feed(
      vevent('UID:single@x', 'DTSTART:20310310T090000Z', 'DTEND:20310310T100000Z', 'SUMMARY:Audit'),
      // Weekly 09:00 Berlin, 4 times: the 2nd is moved by an hour, the 3rd cancelled by an EXDATE.
      vevent(
        'UID:weekly@x',
        'DTSTART;TZID=Europe/Berlin:20310317T090000',
        'DTEND;TZID=Europe/Berlin:20310317T093000',
        'RRULE:FREQ=WEEKLY;COUNT=4',
        'EXDATE;TZID=Europe/Berlin:20310331T090000',
        'SUMMARY:Stand-up',
      ),
      vevent(
        'UID:weekly@x',
        'RECURRENCE-ID;TZID=Europe/Berlin:20310324T090000',
        'DTSTART;TZID=Europe/Berlin:20310324T100000',
        'DTEND;TZID=Europe/Berlin:20310324T103000',
        'SUMMARY:Stand-up (late)',
      ),
      vevent('UID:gone@x', 'DTSTART:20310311T090000Z', 'DTEND:20310311T100000Z', 'STATUS:CANCELLED'),
    );
    expect(busyTimesOfFeed(text, window)).toEqual([
      { externalEventId: 'single@x', title: 'Audit', startsAt: new Date('2031-03-10T09:00:00Z'), endsAt: new Date('2031-03-10T10:00:00Z') },
      {
        externalEventId: 'weekly@x/2031-03-17T08:00:00.000Z',
        title: 'Stand-up',
        startsAt: new Date('2031-03-17T08:00:00Z'),
        endsAt: new Date('2031-03-17T08:30:00Z'),
      },
      // Berlin is on summer time (UTC+2) from 30 March, after the window's 3rd occurrence.
      {
        externalEventId: 'weekly@x/2031-03-24T08:00:00.000Z',
        title: 'Stand-up (late)',
        startsAt: new Date('2031-03-24T09:00:00Z'),
        endsAt: new Date('2031-03-24T09:30:00Z'),
      },
    ]);
  });

  it('throws IcsError naming the line of what it cannot read', () => {
    const read = () => busyTimesOfFeed(feed(vevent('UID:a@x', 'DTSTART:garbage')), window);
    expect(read).toThrow(IcsError);
    expect(read).toThrow(/DTSTART/);
    expect(() => busyTimesOfFeed('<html>not a calendar</html>', window)).toThrow(IcsError);
  });
});

describe('diffBusyTimes', () => {
  const at = (hour: number) => new Date(Date.UTC(2031, 2, 10, hour));
  const busy = (id: string, start: number, title = id): ExternalBusy => ({
    externalEventId: id,
    title,
    startsAt: at(start),
    endsAt: at(start + 1),
  });

  it('adds new ids, changes moved or renamed ones, removes those gone, and leaves the same ones alone', () => {
    const stored = [busy('same', 9), busy('moved', 10), busy('renamed', 11), busy('gone', 12)];
    const incoming = [busy('same', 9), busy('moved', 14), busy('renamed', 11, 'New title'), busy('new', 15)];
    expect(diffBusyTimes(stored, incoming)).toEqual({
      created: [busy('new', 15)],
      changed: [busy('moved', 14), busy('renamed', 11, 'New title')],
      removedIds: ['gone'],
    });
    expect(diffBusyTimes(incoming, incoming)).toEqual({ created: [], changed: [], removedIds: [] });
  });
});
