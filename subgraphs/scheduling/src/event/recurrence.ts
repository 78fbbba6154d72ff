import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import { RRuleTemporal } from 'rrule-temporal';

/**
 * RFC 5545 recurrence with rrule-temporal, which expands a rule in its TZID with Temporal: a
 * weekly 09:00 class stays at 09:00 local across daylight-saving changes whatever the server's
 * own time zone. (`rrule` 2.8 was tried first: it converts TZID occurrences through the process's
 * time zone, so the same rule gave 08:00Z on a UTC machine and 04:00Z under TZ=America/New_York.)
 */

/** What a series is expanded from. */
export interface Series {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  /** RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10; null for a single event. */
  recurrenceRule: string | null;
  exceptionDates: readonly Date[];
}

/** Occurrences a series may have at most (COUNT) and frequencies it may have: a calendar, not a clock. */
const MAX_OCCURRENCES = 1000;
const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

const localStamp = (instant: Date, timeZone: string) => DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("yyyyMMdd'T'HHmmss");
const utcStamp = (instant: Date) => DateTime.fromJSDate(instant, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss'Z'");

/**
 * Parsed rules, by their full text (start, time zone, rule and exception dates), shared by every
 * request. Building an RRuleTemporal costs about a millisecond and it caches what it expanded, so
 * re-parsing per request made a week of 1,000 series take seconds (bench:scheduling); a reused
 * rule answers the same range tens of times faster. Rules are never mutated after construction.
 */
const parsedRules = new LRUCache<string, RRuleTemporal>({ max: 10_000 });

function ruleOf(series: Series, rule: string): RRuleTemporal {
  const lines = [`DTSTART;TZID=${series.timeZone}:${localStamp(series.startsAt, series.timeZone)}`, `RRULE:${rule}`];
  if (series.exceptionDates.length > 0) lines.push(`EXDATE:${series.exceptionDates.map(utcStamp).join(',')}`);
  const text = lines.join('\n');
  let parsed = parsedRules.get(text);
  if (!parsed) {
    parsed = new RRuleTemporal({ rruleString: text });
    parsedRules.set(text, parsed);
  }
  return parsed;
}

/** The RRULE's parts as an ordered map (FREQ=WEEKLY;COUNT=3 → FREQ → WEEKLY, COUNT → 3). */
const partsOf = (rule: string) => new Map(rule.split(';').map((part) => part.split('=', 2) as [string, string]));
const joinParts = (parts: Map<string, string>) => [...parts].map(([key, value]) => `${key}=${value}`).join(';');

/**
 * Parses an RRULE a client sent (with or without the "RRULE:" prefix) for a series starting at
 * `startsAt`: returns it normalised, or a message saying what is wrong with it.
 */
export function parseRecurrenceRule(text: string, series: Omit<Series, 'recurrenceRule'>): { rule: string } | { error: string } {
  const rule = text
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!/^[A-Z0-9=;,+-]+$/.test(rule)) return { error: `must be one RRULE value such as FREQ=WEEKLY;BYDAY=MO, not "${text}"` };
  const parts = partsOf(rule);
  const freq = parts.get('FREQ');
  if (!freq || !FREQUENCIES.includes(freq)) return { error: `FREQ must be one of ${FREQUENCIES.join(', ')} (got "${freq ?? ''}")` };
  const count = parts.get('COUNT');
  if (count !== undefined && !(/^\d+$/.test(count) && Number(count) >= 1 && Number(count) <= MAX_OCCURRENCES)) {
    return { error: `COUNT must be a whole number from 1 to ${MAX_OCCURRENCES} (got "${count}")` };
  }
  if (count !== undefined && parts.has('UNTIL')) return { error: 'COUNT and UNTIL must not both be given' };
  try {
    const expanded = ruleOf({ ...series, recurrenceRule: rule }, rule).all((_, index) => index < 2);
    if (expanded.length === 0) return { error: 'gives no occurrence at all' };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  return { rule };
}

/**
 * Original starts of the occurrences of a series that overlap [from, to), exception dates left
 * out, earliest first. A single event is its one occurrence.
 */
export function occurrenceStarts(series: Series, from: Date, to: Date): Date[] {
  const duration = series.endsAt.getTime() - series.startsAt.getTime();
  const overlaps = (start: Date) => start < to && start.getTime() + duration > from.getTime();
  if (!series.recurrenceRule) return overlaps(series.startsAt) ? [series.startsAt] : [];
  return ruleOf(series, series.recurrenceRule)
    .between(new Date(from.getTime() - duration), to, true)
    .map((occurrence) => new Date(occurrence.epochMilliseconds))
    .filter(overlaps);
}

/** Whether `start` is an original start of an occurrence of the series (exception dates excluded). */
export const isOccurrence = (series: Series, start: Date) =>
  occurrenceStarts(series, start, new Date(start.getTime() + 1)).some((candidate) => candidate.getTime() === start.getTime());

/** End of the series' last occurrence, or null when it never ends. */
export function recurrenceEnd(series: Series): Date | null {
  const duration = series.endsAt.getTime() - series.startsAt.getTime();
  if (!series.recurrenceRule) return series.endsAt;
  const parts = partsOf(series.recurrenceRule);
  if (!parts.has('COUNT') && !parts.has('UNTIL')) return null;
  const all = ruleOf({ ...series, exceptionDates: [] }, series.recurrenceRule).all((_, index) => index < MAX_OCCURRENCES * 10);
  const last = all.at(-1);
  return last ? new Date(last.epochMilliseconds + duration) : series.endsAt;
}

/**
 * Splits a series at one of its occurrences ("this and following"): the rule the old series keeps
 * (ending just before `at`) and the one the new series, starting at `at`, continues with (a COUNT
 * becomes what is left of it).
 */
export function splitRule(series: Series & { recurrenceRule: string }, at: Date): { before: string; after: string } {
  const parts = partsOf(series.recurrenceRule);
  const before = new Map(parts);
  before.delete('COUNT');
  before.set('UNTIL', utcStamp(new Date(at.getTime() - 1000)));
  const after = new Map(parts);
  const count = parts.get('COUNT');
  if (count !== undefined) {
    const done = ruleOf({ ...series, exceptionDates: [] }, series.recurrenceRule).between(
      series.startsAt,
      new Date(at.getTime() - 1),
      true,
    ).length;
    after.set('COUNT', String(Math.max(1, Number(count) - done)));
  }
  return { before: joinParts(before), after: joinParts(after) };
}
