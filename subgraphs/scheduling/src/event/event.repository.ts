import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';

export const eventSelect = {
  id: true,
  organizationId: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  hostId: true,
  capacity: true,
  location: true,
  calendarId: true,
  timeZone: true,
  allDay: true,
  meetingUrl: true,
  category: true,
  recurrenceRule: true,
  exceptionDates: true,
  recurrenceEndsAt: true,
  cancelledAt: true,
  splitFromId: true,
  reminderOffsetsMinutes: true,
  productId: true,
  icalUid: true,
  createdAt: true,
} satisfies Prisma.EventSelect;

const overrideSelect = {
  id: true,
  eventId: true,
  originalStartsAt: true,
  cancelled: true,
  startsAt: true,
  endsAt: true,
  title: true,
  location: true,
} satisfies Prisma.EventOverrideSelect;

/** One occurrence of a series changed on its own (moved, retitled, relocated or cancelled). */
export type EventOverrideRecord = Prisma.EventOverrideGetPayload<{ select: typeof overrideSelect }>;
export type OverrideChanges = Omit<EventOverrideRecord, 'id' | 'eventId' | 'originalStartsAt'>;

export type EventRecord = Prisma.EventGetPayload<{ select: typeof eventSelect }>;

/** The columns a new event is written with; the database fills in id and timestamps. */
export type NewEvent = Omit<EventRecord, 'id' | 'createdAt'>;
export type EventChanges = Partial<Omit<NewEvent, 'organizationId'>>;

/** Position of an event in the (startsAt, id) order: what a cursor points after. */
export type EventKey = Pick<EventRecord, 'startsAt' | 'id'>;

export class EventRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<EventRecord[]> {
    return this.db.event.findMany({ where: { organizationId, id: { in: [...ids] } }, select: eventSelect });
  }

  /** Earliest first, keyset-paginated on (startsAt, id); `from` inclusive, `to` exclusive. */
  list(organizationId: string, options: { from?: Date | null; to?: Date | null; after?: EventKey; take: number }): Promise<EventRecord[]> {
    const { after } = options;
    return this.db.event.findMany({
      where: {
        organizationId,
        AND: [
          options.from ? { startsAt: { gte: options.from } } : {},
          options.to ? { startsAt: { lt: options.to } } : {},
          after ? { OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] } : {},
        ],
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: options.take,
      select: eventSelect,
    });
  }

  /**
   * The first `take` events (after `after`) of each host, in one query: a window function
   * ranks each host's events, so one page per host costs no more than one round trip. The outer
   * SELECT lists exactly the columns of `eventSelect`, so its rows are EventRecords.
   */
  listByHosts(organizationId: string, hostIds: readonly string[], options: { after?: EventKey; take: number }): Promise<EventRecord[]> {
    if (hostIds.length === 0) return Promise.resolve([]);
    const afterCondition = options.after
      ? Prisma.sql`AND ("startsAt", id) > (${options.after.startsAt}::timestamptz, ${options.after.id})`
      : Prisma.empty;
    return this.db.$queryRaw<EventRecord[]>`
      SELECT id, "organizationId", title, description, "startsAt", "endsAt", "hostId", capacity, location, "calendarId", "timeZone",
        "allDay", "meetingUrl", category, "recurrenceRule", "exceptionDates", "recurrenceEndsAt", "cancelledAt", "splitFromId",
        "reminderOffsetsMinutes", "productId", "icalUid", "createdAt"
      FROM (
        SELECT *, row_number() OVER (PARTITION BY "hostId" ORDER BY "startsAt", id) AS position
        FROM "Event"
        WHERE "organizationId" = ${organizationId} AND "hostId" IN (${Prisma.join([...hostIds])}) ${afterCondition}
      ) AS ranked
      WHERE position <= ${options.take}
      ORDER BY "hostId", "startsAt", id`;
  }

  /** Every event of one calendar, called-off ones included (a feed tells subscribers of those too). */
  findByCalendar(organizationId: string, calendarId: string): Promise<EventRecord[]> {
    return this.db.event.findMany({
      where: { organizationId, calendarId },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      select: eventSelect,
    });
  }

  /** Events of a calendar imported from iCalendar VEVENTs with these UIDs. */
  findByIcalUids(organizationId: string, calendarId: string, uids: readonly string[]): Promise<EventRecord[]> {
    if (uids.length === 0) return Promise.resolve([]);
    return this.db.event.findMany({ where: { organizationId, calendarId, icalUid: { in: [...uids] } }, select: eventSelect });
  }

  create(data: NewEvent): Promise<EventRecord> {
    return this.db.event.create({ data, select: eventSelect });
  }

  update(id: string, changes: EventChanges): Promise<EventRecord> {
    return this.db.event.update({ where: { id }, data: changes, select: eventSelect });
  }

  /** Series that are on and may have an occurrence overlapping [from, to): started before `to`, not ended by `from`. */
  findOverlapping(organizationId: string, from: Date, to: Date, calendarId?: string | null): Promise<EventRecord[]> {
    return this.db.event.findMany({
      where: {
        organizationId,
        cancelledAt: null,
        startsAt: { lt: to },
        OR: [{ recurrenceEndsAt: null }, { recurrenceEndsAt: { gt: from } }],
        ...(calendarId ? { calendarId } : {}),
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      select: eventSelect,
    });
  }

  findOverrides(organizationId: string, eventIds: readonly string[]): Promise<EventOverrideRecord[]> {
    return this.db.eventOverride.findMany({ where: { organizationId, eventId: { in: [...eventIds] } }, select: overrideSelect });
  }

  /** Occurrences moved so that they now overlap [from, to), whichever series they belong to. */
  findMovedInto(organizationId: string, from: Date, to: Date): Promise<EventOverrideRecord[]> {
    return this.db.eventOverride.findMany({
      where: { organizationId, cancelled: false, startsAt: { lt: to }, endsAt: { gt: from } },
      select: overrideSelect,
    });
  }

  saveOverride(organizationId: string, eventId: string, originalStartsAt: Date, changes: OverrideChanges): Promise<EventOverrideRecord> {
    return this.db.eventOverride.upsert({
      where: { eventId_originalStartsAt: { eventId, originalStartsAt } },
      create: { organizationId, eventId, originalStartsAt, ...changes },
      update: changes,
      select: overrideSelect,
    });
  }

  /** Hands the overrides of occurrences from `from` on to another series (after a split). */
  async moveOverrides(eventId: string, from: Date, toEventId: string): Promise<void> {
    await this.db.eventOverride.updateMany({ where: { eventId, originalStartsAt: { gte: from } }, data: { eventId: toEventId } });
  }

  async deleteOverrides(eventId: string, from: Date): Promise<void> {
    await this.db.eventOverride.deleteMany({ where: { eventId, originalStartsAt: { gte: from } } });
  }
}
