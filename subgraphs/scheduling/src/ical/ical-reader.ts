import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/** One occurrence of a series changed on its own in the file (a VEVENT with RECURRENCE-ID). */
interface ImportedOverride {
  line: number;
  originalStartsAt: Date;
  startsAt: Date;
  endsAt: Date;
  title: string | null;
  location: string | null;
  cancelled: boolean;
}

/** A VEVENT of an imported file, its times resolved to instants. */
export interface ImportedEvent {
  /** Line of its BEGIN:VEVENT, for error messages. */
  line: number;
  /** Line of one of its properties (e.g. 'rrule'), or of its BEGIN:VEVENT without one. */
  lineOf(property: string): number;
  uid: string;
  title: string;
  description: string | null;
  location: string | null;
  url: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
  cancelled: boolean;
  recurrenceRule: string | null;
  exceptionDates: Date[];
  overrides: ImportedOverride[];
}

/** What is wrong with a file, and on which line (1-based, of the file as sent). */
export class IcsError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

interface LogicalLine {
  text: string;
  line: number;
}

/** The file's content lines unfolded (RFC 5545 §3.1), each with the line it starts on. */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const previous = lines.at(-1);
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && previous) previous.text += raw.slice(1);
    else if (raw.length > 0) lines.push({ text: raw, line: index + 1 });
  });
  return lines;
}

/** Line of the first content line in `lines` whose name is `name` (e.g. DTSTART), else `fallback`. */
function lineOf(lines: readonly LogicalLine[], name: string, fallback: number): number {
  const upper = name.toUpperCase();
  return lines.find((candidate) => new RegExp(`^${upper}[;:]`, 'i').test(candidate.text))?.line ?? fallback;
}

/**
 * Reads the VEVENTs of an iCalendar file with ical.js. Times with a TZID are wall-clock times of
 * that IANA zone, floating times and dates are of `defaultZone`. Throws IcsError naming the line
 * of anything it cannot read.
 */
export function readCalendar(text: string, defaultZone: string): ImportedEvent[] {
  const lines = logicalLines(text);
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // ical.js quotes the offending text (`invalid line (no token ";" or ":") "FOO"`): the longest quote found in the file is it.
    const quotes = [...message.matchAll(/"([^"]+)"/g)].map((match) => match[1]!).sort((a, b) => b.length - a.length);
    const line = quotes
      .map((quote) => lines.find((candidate) => candidate.text.includes(quote))?.line)
      .find((found) => found !== undefined);
    throw new IcsError(line ?? lines.at(-1)?.line ?? 1, message);
  }
  if (root.name !== 'vcalendar') throw new IcsError(1, `expected BEGIN:VCALENDAR, found BEGIN:${root.name.toUpperCase()}`);
  const blocks: LogicalLine[][] = [];
  for (const candidate of lines) {
    if (/^BEGIN:VEVENT$/i.test(candidate.text)) blocks.push([]);
    blocks.at(-1)?.push(candidate);
  }
  const components = root.getAllSubcomponents('vevent');
  const masters = new Map<string, ImportedEvent>();
  const pending: { uid: string; override: ImportedOverride }[] = [];
  components.forEach((component, index) => {
    const block = blocks[index] ?? [];
    const begin = block[0]?.line ?? 1;
    const at = (name: string) => lineOf(block, name, begin);
    const read = <T>(name: string, work: () => T): T => {
      try {
        return work();
      } catch (error) {
        if (error instanceof IcsError) throw error;
        throw new IcsError(at(name), `${name.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const uid = read('uid', () => component.getFirstPropertyValue('uid'));
    if (typeof uid !== 'string' || uid.trim() === '') throw new IcsError(begin, 'VEVENT has no UID');
    const start = read('dtstart', () => instantOf(component, 'dtstart', defaultZone));
    if (!start) throw new IcsError(begin, `VEVENT ${uid} has no DTSTART`);
    const end = read('dtend', () => instantOf(component, 'dtend', defaultZone)) ?? read('duration', () => endByDuration(component, start));
    const text = (name: string) => {
      const value = read(name, () => component.getFirstPropertyValue(name));
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
    };
    const cancelled = text('status')?.toUpperCase() === 'CANCELLED';
    const recurrenceId = read('recurrence-id', () => instantOf(component, 'recurrence-id', start.zone));
    if (recurrenceId) {
      pending.push({
        uid,
        override: {
          line: begin,
          originalStartsAt: recurrenceId.instant,
          startsAt: start.instant,
          endsAt: end.instant,
          title: text('summary'),
          location: text('location'),
          cancelled,
        },
      });
      return;
    }
    if (masters.has(uid)) throw new IcsError(begin, `UID ${uid} is used by two events (without RECURRENCE-ID)`);
    const rule = read('rrule', () => component.getFirstPropertyValue('rrule'));
    masters.set(uid, {
      line: begin,
      lineOf: at,
      uid,
      title: text('summary') ?? '',
      description: text('description'),
      location: text('location'),
      url: text('url'),
      startsAt: start.instant,
      endsAt: end.instant,
      timeZone: start.zone,
      allDay: start.allDay,
      cancelled,
      recurrenceRule: rule ? String(rule) : null,
      exceptionDates: read('exdate', () =>
        component
          .getAllProperties('exdate')
          .flatMap((property) =>
            property.getValues().map((value) => resolve(value as ICAL.Time, property.getParameter('tzid'), start.zone).instant),
          ),
      ),
      overrides: [],
    });
  });
  for (const { uid, override } of pending) {
    const master = masters.get(uid);
    if (!master) throw new IcsError(override.line, `RECURRENCE-ID of UID ${uid}, whose series is not in the file`);
    master.overrides.push(override);
  }
  return [...masters.values()];
}

interface Resolved {
  instant: Date;
  zone: string;
  allDay: boolean;
}

function instantOf(component: ICAL.Component, name: string, defaultZone: string): Resolved | null {
  const property = component.getFirstProperty(name);
  if (!property) return null;
  const value = property.getFirstValue();
  if (!(value instanceof ICAL.Time)) throw new Error(`is not a date or date-time`);
  const tzid = property.getParameter('tzid');
  return resolve(value, typeof tzid === 'string' ? tzid : null, defaultZone);
}

/** An ICAL.Time as an instant: UTC, a wall-clock time of its TZID, or (floating, a date) of `defaultZone`. */
function resolve(time: ICAL.Time, tzid: unknown, defaultZone: string): Resolved {
  if (time.zone === ICAL.Timezone.utcTimezone) return { instant: time.toJSDate(), zone: 'UTC', allDay: false };
  const zone = typeof tzid === 'string' && tzid !== '' ? tzid : defaultZone;
  const local = DateTime.fromObject(
    {
      year: time.year,
      month: time.month,
      day: time.day,
      hour: time.isDate ? 0 : time.hour,
      minute: time.isDate ? 0 : time.minute,
      second: time.isDate ? 0 : time.second,
    },
    { zone },
  );
  if (!local.isValid)
    throw new Error(`${time.toString()} in "${zone}" is not a valid time (${local.invalidExplanation ?? local.invalidReason})`);
  return { instant: local.toJSDate(), zone, allDay: time.isDate };
}

function endByDuration(component: ICAL.Component, start: Resolved): Resolved {
  const duration = component.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration) return { ...start, instant: new Date(start.instant.getTime() + duration.toSeconds() * 1000) };
  // RFC 5545 §3.6.1: without DTEND or DURATION, a date lasts one day and a date-time no time at all.
  return { ...start, instant: new Date(start.instant.getTime() + (start.allDay ? 86_400_000 : 0)) };
}
