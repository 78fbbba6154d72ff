import { DateTime } from 'luxon';
import { openWindows, type OpeningPolicy } from '../time/open-windows.ts';
import type { OpenWindow } from './analytics.repository.ts';

const HOUR = 3_600_000;

/** Hours to four decimals: enough for minutes, and free of floating-point crumbs like 7.999999. */
export const roundHours = (hours: number) => Math.round(hours * 10_000) / 10_000;

/** The local dates (YYYY-MM-DD) of `timeZone` that [from, to) touches, in order. */
export function localDatesOf(timeZone: string, from: Date, to: Date): string[] {
  const dates: string[] = [];
  const last = DateTime.fromMillis(to.getTime() - 1, { zone: timeZone }).startOf('day');
  for (let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day'); day <= last; day = day.plus({ days: 1 })) {
    dates.push(day.toISODate()!);
  }
  return dates;
}

/**
 * A resource's open windows over [from, to), cut to the range, each labelled with the local date
 * it opens on. Wall-clock hours become instants in the resource's time zone, so a day open from
 * 00:00 to 24:00 lasts 23 hours on a spring-forward date and 25 on a fall-back one.
 */
export function openWindowsByDate(resource: OpeningPolicy & { id: string }, from: Date, to: Date): OpenWindow[] {
  return openWindows(resource, from, to).map((window) => ({
    resourceId: resource.id,
    date: window.start.setZone(resource.timeZone).toISODate()!,
    opensAt: new Date(Math.max(window.start.toMillis(), from.getTime())),
    closesAt: new Date(Math.min(window.end.toMillis(), to.getTime())),
  }));
}

/** Open hours per local date of a resource's windows. */
export function openHoursByDate(windows: readonly OpenWindow[]): Map<string, number> {
  const hours = new Map<string, number>();
  for (const window of windows) {
    hours.set(window.date, (hours.get(window.date) ?? 0) + (window.closesAt.getTime() - window.opensAt.getTime()) / HOUR);
  }
  return hours;
}

/** The ISO week (2026-W49) of a local date and its Monday. */
export function isoWeekOf(date: string): { week: string; startsOn: string } {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  return { week: day.toISOWeekDate()!.slice(0, 8), startsOn: day.startOf('week').toISODate()! };
}

/** Every ISO week of `timeZone` that [from, to) touches, in order. */
export function isoWeeksOf(timeZone: string, from: Date, to: Date): { week: string; startsOn: string }[] {
  const weeks = new Map<string, { week: string; startsOn: string }>();
  for (const date of localDatesOf(timeZone, from, to)) {
    const week = isoWeekOf(date);
    weeks.set(week.week, week);
  }
  return [...weeks.values()];
}
