import { occurrenceStarts, parseRecurrenceRule } from '../event/recurrence.ts';
import { IcsError, readCalendar, type ImportedEvent } from '../ical/ical-reader.ts';

const DAY = 86_400_000;
/** Occurrences of recurring events are stored from a day back to this far ahead; each sync rolls the window on. */
const SYNC_HORIZON_DAYS = 400;
/** Most busy times one connection keeps: a feed with more is refused, not cut short. */
const MAX_EXTERNAL_EVENTS = 5000;

/** A busy time read from an external calendar, keyed as the table is. */
export interface ExternalBusy {
  externalEventId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
}

/** The time a sync stores occurrences of recurring events for. */
export const syncWindow = (now: Date) => ({ from: new Date(now.getTime() - DAY), to: new Date(now.getTime() + SYNC_HORIZON_DAYS * DAY) });

/**
 * The busy times of an iCalendar feed within `window`: each single event, and each occurrence of
 * a recurring one (its RECURRENCE-ID changes and EXDATEs applied) keyed `<UID>/<original start>`.
 * Cancelled events and occurrences, and those taking no time, block nothing and are left out.
 * Throws IcsError naming the line of anything unreadable.
 */
export function busyTimesOfFeed(text: string, window: { from: Date; to: Date }): ExternalBusy[] {
  const busy = readCalendar(text, 'UTC').flatMap((event) => busyTimesOf(event, window));
  if (busy.length > MAX_EXTERNAL_EVENTS) throw new IcsError(1, `the feed has more than ${MAX_EXTERNAL_EVENTS} events in the sync window`);
  return busy.filter((entry) => entry.endsAt > entry.startsAt);
}

function busyTimesOf(event: ImportedEvent, window: { from: Date; to: Date }): ExternalBusy[] {
  if (event.cancelled) return [];
  const title = event.title.slice(0, 200) || '(busy)';
  if (!event.recurrenceRule) return [{ externalEventId: event.uid, title, startsAt: event.startsAt, endsAt: event.endsAt }];
  const parsed = parseRecurrenceRule(event.recurrenceRule, event);
  if ('error' in parsed) throw new IcsError(event.lineOf('rrule'), `RRULE of ${event.uid}: ${parsed.error}`);
  const overrides = new Map(event.overrides.map((override) => [override.originalStartsAt.getTime(), override]));
  const duration = event.endsAt.getTime() - event.startsAt.getTime();
  const keyOf = (originalStart: Date) => `${event.uid}/${originalStart.toISOString()}`;
  const occurrences: ExternalBusy[] = [];
  for (const start of occurrenceStarts({ ...event, recurrenceRule: parsed.rule }, window.from, window.to)) {
    if (overrides.has(start.getTime())) continue;
    occurrences.push({ externalEventId: keyOf(start), title, startsAt: start, endsAt: new Date(start.getTime() + duration) });
  }
  // A changed occurrence counts where it moved to, even from outside the window.
  for (const override of event.overrides) {
    if (override.cancelled || override.startsAt >= window.to || override.endsAt <= window.from) continue;
    occurrences.push({
      externalEventId: keyOf(override.originalStartsAt),
      title: override.title?.slice(0, 200) ?? title,
      startsAt: override.startsAt,
      endsAt: override.endsAt,
    });
  }
  return occurrences;
}

/** What a sync writes: rows to add, rows whose time or title changed, ids gone from the feed. */
export interface BusyDiff {
  created: ExternalBusy[];
  changed: ExternalBusy[];
  removedIds: string[];
}

/** The changes that turn the stored busy times into the feed's (by external event id). */
export function diffBusyTimes(stored: readonly ExternalBusy[], incoming: readonly ExternalBusy[]): BusyDiff {
  const before = new Map(stored.map((entry) => [entry.externalEventId, entry]));
  const after = new Map(incoming.map((entry) => [entry.externalEventId, entry]));
  const diff: BusyDiff = { created: [], changed: [], removedIds: [] };
  for (const entry of after.values()) {
    const old = before.get(entry.externalEventId);
    if (!old) diff.created.push(entry);
    else if (
      old.title !== entry.title ||
      old.startsAt.getTime() !== entry.startsAt.getTime() ||
      old.endsAt.getTime() !== entry.endsAt.getTime()
    )
      diff.changed.push(entry);
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removedIds.push(id);
  return diff;
}
