import { DateTime, Interval } from 'luxon';
import type { WeeklyHours } from './time.validation.ts';

/** When something may be used: weekly hours in its time zone, less blacked-out local dates. */
export interface OpeningPolicy {
  timeZone: string;
  openHours: WeeklyHours;
  /** Inclusive ranges of local dates, YYYY-MM-DD. */
  blackouts: readonly Blackout[];
}

interface Blackout {
  startsOn: string;
  endsOn: string;
  reason?: string | null;
}

const atClock = (day: DateTime, time: string) =>
  time === '24:00' ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)) });

/** The blackout covering a local date (YYYY-MM-DD), if any. */
export function blackoutOn(policy: OpeningPolicy, localDate: string): Blackout | undefined {
  return policy.blackouts.find((blackout) => blackout.startsOn <= localDate && localDate <= blackout.endsOn);
}

/**
 * The open intervals (as instants) that overlap [from, to), one per weekly-hours interval of each
 * local date, skipping blacked-out dates. Wall-clock times are turned into instants by luxon in
 * the policy's time zone, so 09:00 stays 09:00 local on either side of a daylight-saving change
 * (a time skipped by a spring-forward gap moves to the first valid instant after it).
 */
export function openWindows(policy: OpeningPolicy, from: Date, to: Date): Interval<true>[] {
  const windows: Interval<true>[] = [];
  const last = DateTime.fromJSDate(to, { zone: policy.timeZone }).startOf('day');
  for (let day = DateTime.fromJSDate(from, { zone: policy.timeZone }).startOf('day'); day <= last; day = day.plus({ days: 1 })) {
    if (blackoutOn(policy, day.toISODate()!)) continue;
    for (const hours of policy.openHours) {
      if (hours.weekday !== day.weekday) continue;
      const window = Interval.fromDateTimes(atClock(day, hours.opens), atClock(day, hours.closes));
      if (window.isValid && window.start < DateTime.fromJSDate(to) && window.end > DateTime.fromJSDate(from)) windows.push(window);
    }
  }
  return windows;
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export const localDateOf = (instant: Date, timeZone: string) => DateTime.fromJSDate(instant, { zone: timeZone }).toISODate()!;

/** An instant as local wall-clock time with its offset, for messages: 2031-03-30T09:00+02:00 (Europe/Berlin). */
export const localTimeOf = (instant: Date, timeZone: string) =>
  `${DateTime.fromJSDate(instant, { zone: timeZone }).toISO({ suppressSeconds: true, suppressMilliseconds: true })} (${timeZone})`;
