import type { Db } from '../db.ts';
import { afterKey, columnsOf, firstPerParent } from '../first-per-parent.ts';
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

/** An event found for one user (`User.events`): the user it was found for rides along for the loader. */
export type EventOfUser = EventRecord & { userId: string };

/** Position of an event in the (startsAt, id) order: what a cursor points after. */
export type EventKey = Pick<EventRecord, 'startsAt' | 'id'>;

/** Which of the organization's series a range query reads. */
export interface EventFilter {
  /** Only this calendar's. */
  calendarId?: string | null;
  /** Only those this user hosts, and these (the ones they hold a seat at). */
  involving?: { userId: string; eventIds: readonly string[] };
}

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

  /** The first `take` events (after `after`) of each host, in one statement. */
  listByHosts(organizationId: string, hostIds: readonly string[], options: { after?: EventKey; take: number }): Promise<EventRecord[]> {
    if (hostIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<EventRecord[]>(
      firstPerParent({
        columns: columnsOf(eventSelect),
        rows: Prisma.sql`"Event"`,
        parent: 'hostId',
        order: ['startsAt', 'id'],
        where: Prisma.sql`"organizationId" = ${organizationId} AND "hostId" IN (${Prisma.join([...hostIds])})
          AND ${afterKey('startsAt', options.after && { at: options.after.startsAt, id: options.after.id })}`,
        take: options.take,
      }),
    );
  }

  /**
   * The first `take` events (after `after`, starting in [from, to)) of each user that the user
   * hosts or answered GOING or MAYBE for (any occurrence), in one statement; each row names the
   * user it was found for.
   */
  listInvolving(
    organizationId: string,
    userIds: readonly string[],
    options: { from?: Date | null; to?: Date | null; after?: EventKey; take: number },
  ): Promise<EventOfUser[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    const users = Prisma.join([...userIds]);
    const involving = Prisma.sql`(
      SELECT ${columnsOf(eventSelect, 'e')}, involved."userId"
      FROM (
        SELECT "hostId" AS "userId", id AS "eventId" FROM "Event" WHERE "organizationId" = ${organizationId} AND "hostId" IN (${users})
        UNION
        SELECT "userId", "eventId" FROM "Rsvp"
        WHERE "organizationId" = ${organizationId} AND "userId" IN (${users}) AND response IN ('GOING', 'MAYBE')
      ) AS involved
      JOIN "Event" e ON e.id = involved."eventId" AND e."organizationId" = ${organizationId}
    ) AS involving`;
    return this.db.$queryRaw<EventOfUser[]>(
      firstPerParent({
        columns: Prisma.sql`${columnsOf(eventSelect)}, "userId"`,
        rows: involving,
        parent: 'userId',
        order: ['startsAt', 'id'],
        where: Prisma.sql`${options.from ? Prisma.sql`"startsAt" >= ${options.from}` : Prisma.sql`TRUE`}
          AND ${options.to ? Prisma.sql`"startsAt" < ${options.to}` : Prisma.sql`TRUE`}
          AND ${afterKey('startsAt', options.after && { at: options.after.startsAt, id: options.after.id })}`,
        take: options.take,
      }),
    );
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
  findOverlapping(organizationId: string, from: Date, to: Date, filter: EventFilter = {}): Promise<EventRecord[]> {
    return this.db.event.findMany({
      where: {
        organizationId,
        cancelledAt: null,
        startsAt: { lt: to },
        OR: [{ recurrenceEndsAt: null }, { recurrenceEndsAt: { gt: from } }],
        ...(filter.calendarId ? { calendarId: filter.calendarId } : {}),
        ...(filter.involving
          ? { AND: [{ OR: [{ hostId: filter.involving.userId }, { id: { in: [...filter.involving.eventIds] } }] }] }
          : {}),
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
