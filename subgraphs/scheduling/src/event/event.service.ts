import type { Viewer } from '@plaza/auth';
import {
  afterInstant,
  DomainError,
  instantCursor,
  invalidInput,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type DataAccess,
  type MemberDirectory,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { SchedulingRepositories } from '../repositories.ts';
import type { EventChanges, EventFilter, EventKey, EventOfUser, EventOverrideRecord, EventRecord } from './event.repository.ts';
import type { createEventInput, eventWindowArgs, occurrenceScopeArgs, occurrenceWindowArgs, updateEventInput } from './event.validation.ts';
import { isOccurrence, occurrenceStarts, parseRecurrenceRule, recurrenceEnd, splitRule, type Series } from './recurrence.ts';

/** One occurrence of an event in a range: the series' values unless the occurrence was changed on its own. */
export interface EventOccurrence {
  event: EventRecord;
  /** The start the series' rule gives it (its RECURRENCE-ID). */
  originalStartsAt: Date;
  startsAt: Date;
  endsAt: Date;
  title: string;
  location: string | null;
  /** True when this occurrence was changed on its own. */
  modified: boolean;
}

/** Most occurrences one range query returns: past it, the client narrows the range. */
const MAX_OCCURRENCES_PER_QUERY = 2000;
const invalid = invalidInput;

/** The normalised RRULE of a series, or BAD_USER_INPUT naming what is wrong with it. */
function checkedRule(rule: string | null, series: Omit<Series, 'recurrenceRule'>): string | null {
  if (rule === null) return null;
  const parsed = parseRecurrenceRule(rule, series);
  if ('error' in parsed) throw invalid('recurrence', `${parsed.error} ("${rule}")`);
  return parsed.rule;
}

/** Cursor of an event in the (startsAt, id) order. */
const eventCursor = (event: EventRecord) => instantCursor(event.startsAt, event.id);

/** The (startsAt, id) a cursor from `eventCursor` points after, or undefined for the first page. */
function afterEvent(args: ConnectionArgs): EventKey | undefined {
  const key = afterInstant(args, 'an event');
  return key && { startsAt: key.at, id: key.id };
}

/**
 * An event ends after it starts. A rule of the event rather than of one input, so that every
 * write — a new event now, a moved start or end later — is held to it; answered like an input
 * error, naming the field.
 */
function assertEndsAfterStart({ startsAt, endsAt }: Pick<EventRecord, 'startsAt' | 'endsAt'>): void {
  if (endsAt > startsAt) return;
  const message = 'must be after startsAt';
  throw new DomainError(
    'BAD_USER_INPUT',
    `Invalid input: endsAt: ${message} (${endsAt.toISOString()} is not after ${startsAt.toISOString()})`,
    {
      issues: [{ field: 'endsAt', message }],
    },
  );
}

/** Events belong to one organization: every member reads them, moderators and above schedule them. */
export class EventService {
  constructor(private readonly deps: { data: DataAccess<SchedulingRepositories>; members: Pick<MemberDirectory, 'requireActive'> }) {}

  /** Events of the viewer's organization by id; ids of other organizations are simply absent. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<EventRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    return this.deps.data.repositories(viewer).events.findByIds(viewer.organizationId, ids);
  }

  /** `load` is the request's loader over `findVisibleByIds`. */
  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<EventRecord | null>): Promise<EventRecord> {
    requireMember(viewer);
    const event = await load(id);
    if (!event) throw notFound('Event', id);
    return event;
  }

  async list(viewer: Viewer, args: ConnectionArgs & z.output<typeof eventWindowArgs>): Promise<Connection<EventRecord>> {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data.repositories(viewer).events.list(organizationId, {
      from: args.from,
      to: args.to,
      after: afterEvent(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, eventCursor);
  }

  /** One page of events per host, for the hosts of one batch; every host shares `args`. */
  async listByHosts(viewer: Viewer, hostIds: readonly string[], args: ConnectionArgs): Promise<EventRecord[]> {
    const { organizationId } = requireMember(viewer);
    return this.deps.data.repositories(viewer).events.listByHosts(organizationId, hostIds, {
      after: afterEvent(args),
      take: args.first + 1,
    });
  }

  /**
   * One page of events per user, for the users of one batch: the events of the viewer's
   * organization each user hosts or answered GOING or MAYBE for. Every member sees every event of
   * the organization (and its answers), so a member may see any member's events.
   */
  async listInvolving(
    viewer: Viewer,
    userIds: readonly string[],
    args: ConnectionArgs & z.output<typeof eventWindowArgs>,
  ): Promise<EventOfUser[]> {
    const { organizationId } = requireMember(viewer);
    return this.deps.data.repositories(viewer).events.listInvolving(organizationId, userIds, {
      from: args.from,
      to: args.to,
      after: afterEvent(args),
      take: args.first + 1,
    });
  }

  /** One user's page from the rows `listByHosts` or `listInvolving` fetched for them. */
  eventsPage(rows: EventRecord[], args: ConnectionArgs): Connection<EventRecord> {
    return toConnection(rows, args.first, eventCursor);
  }

  /** Schedules an event hosted by `hostId` (default: the viewer), once or as a recurring series. */
  async create(viewer: Viewer, input: z.output<typeof createEventInput>): Promise<EventRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MODERATOR');
    assertEndsAfterStart(input);
    const recurrenceRule = checkedRule(input.recurrence, input);
    // The host must be a member of this organization now: another organization's users, and those who left, do not exist here.
    await this.deps.members.requireActive(viewer, [input.hostId]);
    return this.deps.data.transaction(viewer, async ({ events, calendars }) => {
      if (input.calendarId && (await calendars.findByIds(organizationId, [input.calendarId])).length === 0) {
        throw notFound('Calendar', input.calendarId);
      }
      const series = { ...input, recurrenceRule };
      return events.create({
        organizationId,
        calendarId: input.calendarId,
        title: input.title,
        description: input.description,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        timeZone: input.timeZone,
        allDay: input.allDay,
        hostId: input.hostId ?? userId,
        capacity: input.capacity,
        location: input.location,
        meetingUrl: input.meetingUrl,
        category: input.category,
        recurrenceRule,
        exceptionDates: input.exceptionDates,
        recurrenceEndsAt: recurrenceEnd(series),
        cancelledAt: null,
        splitFromId: null,
        reminderOffsetsMinutes: input.reminderOffsetsMinutes,
        productId: input.productId,
        icalUid: null,
      });
    });
  }

  /**
   * Every occurrence overlapping [from, to) of the organization's events (of one calendar, if
   * given), recurring series expanded, exception dates and cancelled occurrences left out, moved
   * occurrences where they moved to; by start.
   */
  /**
   * Occurrences overlapping the window, of one calendar or (`involving`) of the series a user hosts
   * or holds a seat at — so a member's availability expands their events, not the organization's.
   */
  async occurrences(
    viewer: Viewer,
    window: z.output<typeof occurrenceWindowArgs>,
    involving?: EventFilter['involving'],
  ): Promise<EventOccurrence[]> {
    const { organizationId } = requireMember(viewer);
    const { events } = this.deps.data.repositories(viewer);
    const filter: EventFilter = { calendarId: window.calendarId, involving };
    const [series, movedInto] = await Promise.all([
      events.findOverlapping(organizationId, window.from, window.to, filter),
      events.findMovedInto(organizationId, window.from, window.to),
    ]);
    const known = new Set(series.map((event) => event.id));
    const missing = [...new Set(movedInto.map((override) => override.eventId))].filter((id) => !known.has(id));
    const matches = (event: EventRecord) =>
      (!filter.calendarId || event.calendarId === filter.calendarId) &&
      (!involving || event.hostId === involving.userId || involving.eventIds.includes(event.id));
    const moved = (await events.findByIds(organizationId, missing)).filter((event) => !event.cancelledAt && matches(event));
    const all = [...series, ...moved];
    const overrides = await events.findOverrides(
      organizationId,
      all.map((event) => event.id),
    );
    const occurrences = expandOccurrences(all, overrides, window.from, window.to, MAX_OCCURRENCES_PER_QUERY);
    if (occurrences.length > MAX_OCCURRENCES_PER_QUERY) {
      throw invalid('to', `the range holds more than ${MAX_OCCURRENCES_PER_QUERY} occurrences; ask for a shorter one`);
    }
    return occurrences;
  }

  /**
   * Changes an event: every occurrence (ALL), one occurrence (THIS: its times, title or location)
   * or one and all after it (THIS_AND_FOLLOWING: the series is split there, and the new series
   * is returned).
   */
  async update(
    viewer: Viewer,
    id: string,
    changes: z.output<typeof updateEventInput>,
    { scope, occurrenceStartsAt }: z.output<typeof occurrenceScopeArgs>,
  ): Promise<EventRecord> {
    const { organizationId } = requireRole(viewer, 'MODERATOR');
    return this.deps.data.transaction(viewer, async (repositories) => {
      const { events } = repositories;
      const [event] = await events.findByIds(organizationId, [id]);
      if (!event) throw notFound('Event', id);
      const at = occurrenceStartsAt && event.recurrenceRule ? occurrenceStartsAt : null;
      if (scope !== 'ALL') assertOccurrence(event, occurrenceStartsAt);
      await recordEventNews(repositories, viewer, 'scheduling.event.changed', event, scope, at);
      if (scope === 'THIS' && at) {
        const perOccurrence = new Set(['startsAt', 'endsAt', 'title', 'location']);
        const others = Object.entries(changes).filter(([field, value]) => value !== undefined && !perOccurrence.has(field));
        if (others.length > 0) {
          throw invalid(
            others[0]![0],
            `cannot change for one occurrence only (only startsAt, endsAt, title and location can); use ALL or THIS_AND_FOLLOWING`,
          );
        }
        const duration = event.endsAt.getTime() - event.startsAt.getTime();
        const startsAt = changes.startsAt ?? at;
        const endsAt = changes.endsAt ?? new Date(startsAt.getTime() + duration);
        assertEndsAfterStart({ startsAt, endsAt });
        await events.saveOverride(organizationId, event.id, at, {
          cancelled: false,
          startsAt,
          endsAt,
          title: changes.title ?? null,
          location: changes.location ?? null,
        });
        return event;
      }
      if (scope === 'THIS_AND_FOLLOWING' && at && at.getTime() !== event.startsAt.getTime()) {
        return this.splitSeries(events, event, at, changes);
      }
      return events.update(event.id, seriesChanges(event, changes));
    });
  }

  /** Calls off every occurrence (ALL), one (THIS) or one and all after it (THIS_AND_FOLLOWING). */
  async cancel(viewer: Viewer, id: string, { scope, occurrenceStartsAt }: z.output<typeof occurrenceScopeArgs>): Promise<EventRecord> {
    const { organizationId } = requireRole(viewer, 'MODERATOR');
    return this.deps.data.transaction(viewer, async (repositories) => {
      const { events } = repositories;
      const [event] = await events.findByIds(organizationId, [id]);
      if (!event) throw notFound('Event', id);
      if (scope !== 'ALL') assertOccurrence(event, occurrenceStartsAt);
      const at = occurrenceStartsAt && event.recurrenceRule ? occurrenceStartsAt : null;
      await recordEventNews(repositories, viewer, 'scheduling.event.cancelled', event, scope, at);
      if (scope === 'THIS' && at) {
        await events.saveOverride(organizationId, event.id, at, {
          cancelled: true,
          startsAt: null,
          endsAt: null,
          title: null,
          location: null,
        });
        return event;
      }
      if (scope === 'THIS_AND_FOLLOWING' && at && at.getTime() !== event.startsAt.getTime() && event.recurrenceRule) {
        const { before } = splitRule({ ...event, recurrenceRule: event.recurrenceRule }, at);
        await events.deleteOverrides(event.id, at);
        return events.update(event.id, { recurrenceRule: before, recurrenceEndsAt: recurrenceEnd({ ...event, recurrenceRule: before }) });
      }
      return events.update(event.id, { cancelledAt: new Date() });
    });
  }

  /** Ends `event` just before `at` and continues it, changed, as a new series from `at`. */
  private async splitSeries(
    events: SchedulingRepositories['events'],
    event: EventRecord & { recurrenceRule: string | null },
    at: Date,
    changes: z.output<typeof updateEventInput>,
  ): Promise<EventRecord> {
    const { before, after } = splitRule({ ...event, recurrenceRule: event.recurrenceRule! }, at);
    const duration = event.endsAt.getTime() - event.startsAt.getTime();
    const start = { startsAt: at, endsAt: new Date(at.getTime() + duration) };
    const { id: _id, createdAt: _createdAt, ...copy } = event;
    const next = seriesChanges({ ...copy, ...start, id: event.id, createdAt: event.createdAt, recurrenceRule: after }, changes);
    const successor = await events.create({
      ...copy,
      ...start,
      recurrenceRule: after,
      exceptionDates: event.exceptionDates.filter((date) => date >= at),
      splitFromId: event.id,
      ...next,
    });
    // Occurrences changed on their own keep their changes when the new series keeps their starts.
    if (successor.startsAt.getTime() === at.getTime() && successor.recurrenceRule === after)
      await events.moveOverrides(event.id, at, successor.id);
    else await events.deleteOverrides(event.id, at);
    await events.update(event.id, {
      recurrenceRule: before,
      exceptionDates: event.exceptionDates.filter((date) => date < at),
      recurrenceEndsAt: recurrenceEnd({ ...event, recurrenceRule: before }),
    });
    return successor;
  }
}

/**
 * Records that an event changed or was called off, naming its attendees: of the occurrence
 * (THIS), of it and those after (THIS_AND_FOLLOWING), or of every occurrence still to come (ALL).
 * Written before the change in the same transaction, so both commit or neither.
 */
async function recordEventNews(
  { rsvps, outbox }: Pick<SchedulingRepositories, 'rsvps' | 'outbox'>,
  viewer: Viewer,
  type: 'scheduling.event.changed' | 'scheduling.event.cancelled',
  event: EventRecord,
  scope: 'ALL' | 'THIS' | 'THIS_AND_FOLLOWING',
  at: Date | null,
): Promise<void> {
  const effective = at ? scope : 'ALL';
  const occurrences = effective === 'THIS' && at ? { at } : { from: effective === 'ALL' || !at ? new Date() : at };
  await outbox.record({
    type,
    organizationId: event.organizationId,
    actorId: viewer.userId,
    subject: { type: 'Event', id: event.id },
    payload: {
      eventId: event.id,
      scope: effective,
      occurrenceStartsAt: at?.toISOString() ?? null,
      title: event.title,
      attendeeIds: await rsvps.attendeeIds(event.organizationId, event.id, occurrences),
    },
  });
}

/** The new values of a series after `changes`, its rule re-checked and its end recomputed. */
function seriesChanges(event: EventRecord, changes: z.output<typeof updateEventInput>): EventChanges {
  const merged = {
    startsAt: changes.startsAt ?? event.startsAt,
    endsAt: changes.endsAt ?? event.endsAt,
    timeZone: changes.timeZone ?? event.timeZone,
    exceptionDates: changes.exceptionDates ?? event.exceptionDates,
  };
  assertEndsAfterStart(merged);
  const recurrenceRule = changes.recurrence === undefined ? event.recurrenceRule : checkedRule(changes.recurrence, merged);
  const series = { ...merged, recurrenceRule };
  return {
    ...merged,
    recurrenceRule,
    recurrenceEndsAt: recurrenceEnd(series),
    ...(changes.title !== undefined ? { title: changes.title } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
    ...(changes.capacity !== undefined ? { capacity: changes.capacity } : {}),
    ...(changes.location !== undefined ? { location: changes.location } : {}),
    ...(changes.meetingUrl !== undefined ? { meetingUrl: changes.meetingUrl } : {}),
    ...(changes.category !== undefined ? { category: changes.category } : {}),
    ...(changes.reminderOffsetsMinutes !== undefined ? { reminderOffsetsMinutes: changes.reminderOffsetsMinutes } : {}),
    ...(changes.productId !== undefined ? { productId: changes.productId } : {}),
  };
}

/** THIS and THIS_AND_FOLLOWING name an occurrence the series really has. */
function assertOccurrence(event: EventRecord, occurrenceStartsAt: Date | null): void {
  if (!occurrenceStartsAt) return;
  if (!event.recurrenceRule) {
    if (occurrenceStartsAt.getTime() === event.startsAt.getTime()) return;
  } else if (isOccurrence(event, occurrenceStartsAt)) return;
  throw invalid('occurrenceStartsAt', `event ${event.id} has no occurrence starting at ${occurrenceStartsAt.toISOString()}`);
}

/**
 * The occurrences of `events` overlapping [from, to), with their overrides applied, by start.
 * Past `limit` occurrences it stops expanding and returns what it has (more than `limit`): a
 * caller that refuses such a range need not pay for expanding all of it.
 */
export function expandOccurrences(
  events: EventRecord[],
  overrides: EventOverrideRecord[],
  from: Date,
  to: Date,
  limit = Number.POSITIVE_INFINITY,
): EventOccurrence[] {
  const byOccurrence = new Map(overrides.map((override) => [`${override.eventId}|${override.originalStartsAt.getTime()}`, override]));
  const seen = new Set<string>();
  const occurrences: EventOccurrence[] = [];
  const add = (event: EventRecord, originalStartsAt: Date) => {
    const key = `${event.id}|${originalStartsAt.getTime()}`;
    if (seen.has(key)) return;
    seen.add(key);
    const override = byOccurrence.get(key);
    if (override?.cancelled) return;
    const duration = event.endsAt.getTime() - event.startsAt.getTime();
    const startsAt = override?.startsAt ?? originalStartsAt;
    const endsAt = override?.endsAt ?? new Date(startsAt.getTime() + duration);
    if (startsAt >= to || endsAt <= from) return;
    occurrences.push({
      event,
      originalStartsAt,
      startsAt,
      endsAt,
      title: override?.title ?? event.title,
      location: override?.location ?? event.location,
      modified: Boolean(override),
    });
  };
  for (const event of events) {
    for (const start of occurrenceStarts(event, from, to)) add(event, start);
    if (occurrences.length > limit) return occurrences;
  }
  // Occurrences moved into the range from outside it.
  const eventById = new Map(events.map((event) => [event.id, event]));
  for (const override of overrides) {
    const event = eventById.get(override.eventId);
    if (event && !override.cancelled && override.startsAt && isOccurrence(event, override.originalStartsAt))
      add(event, override.originalStartsAt);
  }
  return occurrences.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.event.id.localeCompare(b.event.id));
}
