import type { Db } from '../db.ts';
import { afterKey, columnsOf, firstPerParent } from '../first-per-parent.ts';
import { Prisma } from '../generated/prisma/client.ts';

const bookingSelect = {
  id: true,
  organizationId: true,
  resourceId: true,
  bookedById: true,
  startsAt: true,
  endsAt: true,
  blockedFrom: true,
  blockedUntil: true,
  status: true,
  source: true,
  notes: true,
  resolutionNotes: true,
  autoApproved: true,
  decidedById: true,
  decidedAt: true,
  createdAt: true,
} satisfies Prisma.BookingSelect;

export type BookingRecord = Prisma.BookingGetPayload<{ select: typeof bookingSelect }>;
export type BookingStatus = BookingRecord['status'];
export type NewBooking = Omit<BookingRecord, 'id' | 'createdAt' | 'resolutionNotes' | 'decidedById' | 'decidedAt'>;
export type BookingDecision = Pick<BookingRecord, 'status' | 'decidedById' | 'decidedAt'> & Partial<Pick<BookingRecord, 'resolutionNotes'>>;
/** Position of a booking in the (startsAt, id) order: what a cursor points after. */
export type BookingKey = Pick<BookingRecord, 'startsAt' | 'id'>;

/** Statuses that hold time: the exclusion constraint's partial WHERE. */
export const LIVE_STATUSES = ['PENDING', 'APPROVED'] as const satisfies readonly BookingStatus[];

/**
 * Ids of the live bookings of a resource whose blocked time overlaps [from, until). Written as the
 * exclusion constraint "Booking_no_overlap" is (the resource, the range's overlap, its partial
 * WHERE), so its GiST index finds them; two comparisons of the columns would read every booking
 * the resource ever had.
 */
export function liveOverlappingSql(organizationId: string, resourceId: string, from: Date, until: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT "id" FROM "Booking"
    WHERE "resourceId" = ${resourceId} AND "organizationId" = ${organizationId} AND "status" IN ('PENDING', 'APPROVED')
      AND tstzrange("blockedFrom", "blockedUntil", '[)') && tstzrange(${from.toISOString()}::timestamptz, ${until.toISOString()}::timestamptz, '[)')`;
}

export class BookingRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<BookingRecord[]> {
    return this.db.booking.findMany({ where: { organizationId, id: { in: [...ids] } }, select: bookingSelect });
  }

  /** By start time, keyset-paginated on (startsAt, id); the window keeps bookings overlapping [from, to). */
  list(
    organizationId: string,
    options: {
      resourceId?: string | null;
      status?: BookingStatus | null;
      from?: Date | null;
      to?: Date | null;
      after?: BookingKey;
      take: number;
    },
  ): Promise<BookingRecord[]> {
    const { after } = options;
    return this.db.booking.findMany({
      where: {
        organizationId,
        ...(options.resourceId ? { resourceId: options.resourceId } : {}),
        ...(options.status ? { status: options.status } : {}),
        AND: [
          options.from ? { endsAt: { gt: options.from } } : {},
          options.to ? { startsAt: { lt: options.to } } : {},
          after ? { OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] } : {},
        ],
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: options.take,
      select: bookingSelect,
    });
  }

  /** The first `take` bookings (by start, after `after`, of one status if given) of each booker, in one statement. */
  listByBookers(
    organizationId: string,
    bookerIds: readonly string[],
    options: { status?: BookingStatus | null; after?: BookingKey; take: number },
  ): Promise<BookingRecord[]> {
    if (bookerIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<BookingRecord[]>(
      firstPerParent({
        columns: columnsOf(bookingSelect),
        rows: Prisma.sql`"Booking"`,
        parent: 'bookedById',
        order: ['startsAt', 'id'],
        where: Prisma.sql`"organizationId" = ${organizationId} AND "bookedById" IN (${Prisma.join([...bookerIds])})
          AND ${options.status ? Prisma.sql`status = ${options.status}::"BookingStatus"` : Prisma.sql`TRUE`}
          AND ${afterKey('startsAt', options.after && { at: options.after.startsAt, id: options.after.id })}`,
        take: options.take,
      }),
    );
  }

  /** Live bookings of a resource whose blocked time overlaps [from, until), earliest first. */
  async findLiveOverlapping(organizationId: string, resourceId: string, from: Date, until: Date): Promise<BookingRecord[]> {
    const ids = (await this.db.$queryRaw<{ id: string }[]>(liveOverlappingSql(organizationId, resourceId, from, until))).map(
      (row) => row.id,
    );
    if (ids.length === 0) return [];
    return this.db.booking.findMany({
      where: { organizationId, id: { in: ids } },
      orderBy: [{ blockedFrom: 'asc' }, { id: 'asc' }],
      select: bookingSelect,
    });
  }

  create(data: NewBooking): Promise<BookingRecord> {
    return this.db.booking.create({ data, select: bookingSelect });
  }

  /**
   * Moves a booking on only if it still has one of the `from` statuses (compare-and-set): two
   * admins deciding at once cannot both win. Null when it had moved on already.
   */
  async decide(id: string, from: readonly BookingStatus[], decision: BookingDecision): Promise<BookingRecord | null> {
    const { count } = await this.db.booking.updateMany({ where: { id, status: { in: [...from] } }, data: decision });
    return count === 0 ? null : this.db.booking.findUnique({ where: { id }, select: bookingSelect });
  }
}
