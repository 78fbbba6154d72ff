import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';

const eventSelect = {
  id: true,
  organizationId: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  hostId: true,
  capacity: true,
  location: true,
  createdAt: true,
} satisfies Prisma.EventSelect;

export type EventRecord = Prisma.EventGetPayload<{ select: typeof eventSelect }>;

/** The columns a new event is written with; the database fills in id and timestamps. */
export type NewEvent = Omit<EventRecord, 'id' | 'createdAt'>;

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
      ? Prisma.sql`AND ("startsAt", id) > (${options.after.startsAt}::timestamp(3), ${options.after.id})`
      : Prisma.empty;
    return this.db.$queryRaw<EventRecord[]>`
      SELECT id, "organizationId", title, description, "startsAt", "endsAt", "hostId", capacity, location, "createdAt"
      FROM (
        SELECT *, row_number() OVER (PARTITION BY "hostId" ORDER BY "startsAt", id) AS position
        FROM "Event"
        WHERE "organizationId" = ${organizationId} AND "hostId" IN (${Prisma.join([...hostIds])}) ${afterCondition}
      ) AS ranked
      WHERE position <= ${options.take}
      ORDER BY "hostId", "startsAt", id`;
  }

  create(data: NewEvent): Promise<EventRecord> {
    return this.db.event.create({ data, select: eventSelect });
  }
}
