import { createHash, randomBytes } from 'node:crypto';
import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { assertMayChangeCalendar } from '../calendar/calendar.service.ts';
import type { CalendarRecord } from '../calendar/calendar.repository.ts';
import type { EventRecord } from '../event/event.repository.ts';
import { parseRecurrenceRule, recurrenceEnd } from '../event/recurrence.ts';
import type { SchedulingRepositories } from '../repositories.ts';
import { IcsError, readCalendar, type ImportedEvent } from './ical-reader.ts';
import { writeCalendar } from './ical-writer.ts';
import { MAX_IMPORTED_EVENTS, feedFileSchema, type importCalendarArgs } from './ical.validation.ts';

const FEED_SCOPE = { organizationId: null, userId: null };
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const notFoundFeed = { status: 404, contentType: 'text/plain', body: 'No calendar feed at this address (revoked, or never issued).' };

/** BAD_USER_INPUT for a file's content, naming the line. */
const badFile = (line: number, message: string) =>
  new DomainError('BAD_USER_INPUT', `Invalid input: ics: line ${line}: ${message}`, { issues: [{ field: 'ics', message }], line });

/**
 * Calendars in iCalendar form: a feed per calendar at a secret URL (only the token's hash is
 * stored, so the database alone cannot rebuild a URL; issuing anew revokes the old one), and
 * the import of a file's events, all or nothing.
 */
export class IcalService {
  constructor(private readonly deps: { data: DataAccess<SchedulingRepositories>; publicUrl: string }) {}

  async issueFeed(viewer: Viewer, calendarId: string): Promise<{ url: string; calendar: CalendarRecord }> {
    const token = randomBytes(32).toString('base64url');
    const calendar = await this.setFeed(viewer, calendarId, hashOf(token));
    return { url: `${this.deps.publicUrl.replace(/\/+$/, '')}/calendar-feeds/${token}.ics`, calendar };
  }

  revokeFeed(viewer: Viewer, calendarId: string): Promise<CalendarRecord> {
    return this.setFeed(viewer, calendarId, null);
  }

  private setFeed(viewer: Viewer, calendarId: string, tokenHash: string | null): Promise<CalendarRecord> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ calendars }) => {
      const [calendar] = await calendars.findByIds(member.organizationId, [calendarId]);
      if (!calendar) throw notFound('Calendar', calendarId);
      assertMayChangeCalendar(calendar, member);
      return calendars.setFeedTokenHash(calendar.id, tokenHash);
    });
  }

  /** The GET /calendar-feeds/:file route: the calendar's feed, or 404 for a token never issued or revoked. */
  async feed(file: string): Promise<{ status: number; contentType: string; body: string }> {
    if (!feedFileSchema.safeParse(file).success) return notFoundFeed;
    const found = await this.deps.data.repositories(FEED_SCOPE).calendars.findByFeedTokenHash(hashOf(file.slice(0, -'.ics'.length)));
    if (!found) return notFoundFeed;
    const { calendars, events } = this.deps.data.repositories({ organizationId: found.organizationId, userId: null });
    const [calendar] = await calendars.findByIds(found.organizationId, [found.calendarId]);
    if (!calendar) return notFoundFeed;
    const rows = await events.findByCalendar(found.organizationId, calendar.id);
    const overrides = await events.findOverrides(
      found.organizationId,
      rows.filter((event) => event.recurrenceRule).map((event) => event.id),
    );
    return { status: 200, contentType: 'text/calendar; charset=utf-8', body: writeCalendar(calendar, rows, overrides) };
  }

  async import(
    viewer: Viewer,
    args: z.output<typeof importCalendarArgs>,
  ): Promise<{ created: number; updated: number; events: EventRecord[] }> {
    const member = requireMember(viewer);
    const { organizationId } = member;
    return this.deps.data.transaction(
      viewer,
      async ({ calendars, events }) => {
        const [calendar] = await calendars.findByIds(organizationId, [args.calendarId]);
        if (!calendar) throw notFound('Calendar', args.calendarId);
        assertMayChangeCalendar(calendar, member);
        const imported = parseFile(args.ics, calendar.timeZone);
        const existing = new Map(
          (
            await events.findByIcalUids(
              organizationId,
              calendar.id,
              imported.map((event) => event.uid),
            )
          ).map((event) => [event.icalUid, event]),
        );
        const result = { created: 0, updated: 0, events: [] as EventRecord[] };
        for (const event of imported) {
          const values = eventValues(event);
          const known = existing.get(event.uid);
          let saved: EventRecord;
          if (known) {
            saved = await events.update(known.id, values);
            await events.deleteOverrides(known.id, new Date(0));
            result.updated += 1;
          } else {
            saved = await events.create({
              ...values,
              organizationId,
              calendarId: calendar.id,
              hostId: member.userId,
              capacity: null,
              category: null,
              splitFromId: null,
              reminderOffsetsMinutes: [],
              productId: null,
              icalUid: event.uid,
            });
            result.created += 1;
          }
          for (const override of event.overrides) {
            await events.saveOverride(organizationId, saved.id, override.originalStartsAt, {
              cancelled: override.cancelled,
              startsAt: override.cancelled ? null : override.startsAt,
              endsAt: override.cancelled ? null : override.endsAt,
              title: override.cancelled ? null : (override.title?.slice(0, 200) ?? null),
              location: override.cancelled ? null : (override.location?.slice(0, 300) ?? null),
            });
          }
          result.events.push(saved);
        }
        return result;
      },
      // A large file is many statements in one transaction.
      { timeout: 60_000 },
    );
  }
}

/** The file's events, checked against the rules every event is held to; BAD_USER_INPUT naming the line otherwise. */
function parseFile(text: string, defaultZone: string): ImportedEvent[] {
  let imported: ImportedEvent[];
  try {
    imported = readCalendar(text, defaultZone);
  } catch (error) {
    if (error instanceof IcsError) throw badFile(error.line, error.message);
    throw error;
  }
  if (imported.length === 0) throw badFile(1, 'the file has no VEVENT');
  if (imported.length > MAX_IMPORTED_EVENTS) throw badFile(imported[MAX_IMPORTED_EVENTS]!.line, `more than ${MAX_IMPORTED_EVENTS} events`);
  for (const event of imported) {
    if (event.title.length > 200) throw badFile(event.lineOf('summary'), `SUMMARY of ${event.uid} is longer than 200 characters`);
    if (event.endsAt <= event.startsAt) {
      throw badFile(
        event.lineOf('dtend'),
        `event ${event.uid} ends (${event.endsAt.toISOString()}) before it starts (${event.startsAt.toISOString()})`,
      );
    }
    if (event.recurrenceRule) {
      const parsed = parseRecurrenceRule(event.recurrenceRule, event);
      if ('error' in parsed) throw badFile(event.lineOf('rrule'), `RRULE of ${event.uid}: ${parsed.error}`);
      event.recurrenceRule = parsed.rule;
    }
  }
  return imported;
}

/** The columns of an event an import writes. */
function eventValues(event: ImportedEvent) {
  const series = { startsAt: event.startsAt, endsAt: event.endsAt, timeZone: event.timeZone, exceptionDates: event.exceptionDates };
  return {
    title: event.title || '(untitled)',
    description: event.description?.slice(0, 5000) ?? null,
    location: event.location?.slice(0, 300) ?? null,
    meetingUrl: event.url && /^https?:\/\/\S+$/.test(event.url) && event.url.length <= 500 ? event.url : null,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    allDay: event.allDay,
    recurrenceRule: event.recurrenceRule,
    exceptionDates: event.exceptionDates,
    recurrenceEndsAt: recurrenceEnd({ ...series, recurrenceRule: event.recurrenceRule }),
    cancelledAt: event.cancelled ? new Date() : null,
  };
}
