import { blackoutOn, localDateOf, localTimeOf, openWindows } from '../time/open-windows.ts';
import type { ResourceView } from '../resource/resource.service.ts';

const MINUTE = 60_000;

/** A rule a requested time breaks: the field to blame and what is wrong, with the values. */
export interface RuleViolation {
  field: 'startsAt' | 'endsAt';
  message: string;
}

export type BookingPolicy = Pick<
  ResourceView,
  'id' | 'name' | 'timeZone' | 'openHours' | 'blackouts' | 'minDurationMinutes' | 'maxDurationMinutes' | 'leadTimeMinutes'
>;

/**
 * The first of the resource's rules that [startsAt, endsAt) breaks, or null: the end after the
 * start, the duration within bounds, the lead time from `now`, no blackout date, and the whole
 * booking inside one opening of its open hours (local wall-clock time of its time zone).
 */
export function bookingRuleViolation(resource: BookingPolicy, startsAt: Date, endsAt: Date, now: Date): RuleViolation | null {
  const label = `resource ${resource.name} (${resource.id})`;
  if (endsAt <= startsAt) {
    return { field: 'endsAt', message: `must be after startsAt (${endsAt.toISOString()} is not after ${startsAt.toISOString()})` };
  }
  const minutes = (endsAt.getTime() - startsAt.getTime()) / MINUTE;
  if (minutes < resource.minDurationMinutes) {
    return {
      field: 'endsAt',
      message: `a booking of ${minutes} minutes is shorter than the ${resource.minDurationMinutes}-minute minimum of ${label}`,
    };
  }
  if (minutes > resource.maxDurationMinutes) {
    return {
      field: 'endsAt',
      message: `a booking of ${minutes} minutes is longer than the ${resource.maxDurationMinutes}-minute maximum of ${label}`,
    };
  }
  const earliest = new Date(now.getTime() + resource.leadTimeMinutes * MINUTE);
  if (startsAt < earliest) {
    return {
      field: 'startsAt',
      message: `must be at least ${resource.leadTimeMinutes} minutes from now for ${label} (${startsAt.toISOString()} is before ${earliest.toISOString()})`,
    };
  }
  for (const instant of [startsAt, new Date(endsAt.getTime() - 1)]) {
    const date = localDateOf(instant, resource.timeZone);
    const blackout = blackoutOn(resource, date);
    if (blackout) {
      return { field: 'startsAt', message: `${date} is a blackout date of ${label}${blackout.reason ? ` (${blackout.reason})` : ''}` };
    }
  }
  const fits = openWindows(resource, startsAt, endsAt).some(
    (window) => window.start.toMillis() <= startsAt.getTime() && endsAt.getTime() <= window.end.toMillis(),
  );
  if (!fits) {
    return {
      field: 'startsAt',
      message: `${localTimeOf(startsAt, resource.timeZone)} to ${localTimeOf(endsAt, resource.timeZone)} is outside the open hours of ${label}`,
    };
  }
  return null;
}
