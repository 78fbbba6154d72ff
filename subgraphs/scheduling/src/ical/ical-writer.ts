import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { CalendarRecord } from '../calendar/calendar.repository.ts';
import type { EventOverrideRecord, EventRecord } from '../event/event.repository.ts';

/** Wall-clock time of `instant` in `zone`, as an iCalendar DATE-TIME without offset. */
const localTime = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat("yyyyMMdd'T'HHmmss");

/**
 * An RFC 5545 calendar of `events` (ical-generator writes it): each series with its RRULE and
 * EXDATEs (exception dates and cancelled occurrences) in the event's own time zone, with a
 * VTIMEZONE for every zone used; each occurrence changed on its own as a VEVENT of the same UID
 * with its RECURRENCE-ID; a called-off event with STATUS:CANCELLED, so subscribers drop it.
 */
export function writeCalendar(
  calendar: Pick<CalendarRecord, 'id' | 'name' | 'timeZone'>,
  events: readonly EventRecord[],
  overrides: readonly EventOverrideRecord[],
): string {
  const feed = ical({
    name: calendar.name,
    prodId: { company: 'Plaza', product: 'Scheduling', language: 'EN' },
    // No calendar-wide zone: each event names its own (TZID), and DTSTAMP stays in UTC as RFC 5545 requires.
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: 15 * 60,
  });
  const overridesOf = new Map<string, EventOverrideRecord[]>();
  for (const override of overrides) overridesOf.set(override.eventId, [...(overridesOf.get(override.eventId) ?? []), override]);
  for (const event of events) {
    const uid = event.icalUid ?? `${event.id}@plaza`;
    const own = overridesOf.get(event.id) ?? [];
    const zone = event.timeZone;
    // ical-generator writes a luxon DateTime as its wall-clock time in its zone, with that TZID.
    const at = (instant: Date) => DateTime.fromJSDate(instant, { zone });
    const common = {
      timezone: zone,
      allDay: event.allDay,
      description: event.description,
      url: event.meetingUrl,
      stamp: event.createdAt,
    };
    let repeating: string | null = null;
    if (event.recurrenceRule) {
      const excluded = [
        ...event.exceptionDates,
        ...own.filter((override) => override.cancelled).map((override) => override.originalStartsAt),
      ];
      repeating = `RRULE:${event.recurrenceRule}`;
      if (excluded.length > 0) {
        const values = excluded.map((date) =>
          event.allDay ? DateTime.fromJSDate(date, { zone }).toFormat('yyyyMMdd') : localTime(date, zone),
        );
        repeating += event.allDay ? `\nEXDATE;VALUE=DATE:${values.join(',')}` : `\nEXDATE;TZID=${zone}:${values.join(',')}`;
      }
    }
    feed.createEvent({
      ...common,
      id: uid,
      start: at(event.startsAt),
      end: at(event.endsAt),
      summary: event.title,
      location: event.location,
      repeating,
      status: event.cancelledAt ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
    if (!event.recurrenceRule) continue;
    const duration = event.endsAt.getTime() - event.startsAt.getTime();
    for (const override of own.filter((candidate) => !candidate.cancelled)) {
      const startsAt = override.startsAt ?? override.originalStartsAt;
      feed.createEvent({
        ...common,
        id: uid,
        recurrenceId: at(override.originalStartsAt),
        start: at(startsAt),
        end: at(override.endsAt ?? new Date(startsAt.getTime() + duration)),
        summary: override.title ?? event.title,
        location: override.location ?? event.location,
        status: event.cancelledAt ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    }
  }
  return feed.toString();
}
