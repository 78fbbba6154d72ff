import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { BookingSource, ConflictStatus, ConflictType } from '../generated/prisma/enums.ts';

/** An open interval of a resource on one of its local dates, as the service computed it. */
export interface OpenWindow {
  resourceId: string;
  date: string;
  opensAt: Date;
  closesAt: Date;
}

export interface BookedTime {
  resourceId: string;
  date: string;
  seconds: number;
}

export interface OccurrenceAttendanceRow {
  eventId: string;
  occurrenceStartsAt: Date;
  category: string | null;
  going: number;
  attended: number;
  attendedOfGoing: number;
}

export interface SourceDayRow {
  date: string;
  source: BookingSource;
  bookings: number;
}

export interface ConflictDayRow {
  date: string;
  type: ConflictType;
  status: ConflictStatus;
  conflicts: number;
}

/**
 * Seconds of approved bookings inside each open window, summed per resource and local date: the
 * windows go in as arrays, each window meets its resource's bookings through
 * "Booking_organizationId_resourceId_startsAt_id_idx", and each booking is clipped to the window.
 * Approved bookings of one resource never overlap (the exclusion constraint), so sums do not
 * double-count.
 */
function bookedSecondsSql(organizationId: string, windows: readonly OpenWindow[]): Prisma.Sql {
  return Prisma.sql`
    SELECT w."resourceId", w.date, sum(extract(epoch FROM least(b."endsAt", w."closesAt") - greatest(b."startsAt", w."opensAt")))::float8 AS seconds
    FROM unnest(
      ${windows.map((window) => window.resourceId)}::text[],
      ${windows.map((window) => window.date)}::text[],
      ${windows.map((window) => window.opensAt.toISOString())}::timestamptz[],
      ${windows.map((window) => window.closesAt.toISOString())}::timestamptz[]
    ) AS w("resourceId", date, "opensAt", "closesAt")
    JOIN "Booking" b ON b."organizationId" = ${organizationId} AND b."resourceId" = w."resourceId"
      AND b."startsAt" < w."closesAt" AND b."endsAt" > w."opensAt" AND b.status = 'APPROVED'
    GROUP BY w."resourceId", w.date`;
}

/**
 * Answers per occurrence starting in [from, to), through "Rsvp_organizationId_occurrenceStartsAt_idx".
 */
function occurrenceAttendanceSql(organizationId: string, from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT r."eventId", r."occurrenceStartsAt", e.category,
      (count(*) FILTER (WHERE r.response = 'GOING' AND NOT r.waitlisted))::int AS going,
      (count(*) FILTER (WHERE r.attended))::int AS attended,
      (count(*) FILTER (WHERE r.response = 'GOING' AND NOT r.waitlisted AND r.attended))::int AS "attendedOfGoing"
    FROM "Rsvp" r
    JOIN "Event" e ON e.id = r."eventId"
    WHERE r."organizationId" = ${organizationId} AND r."occurrenceStartsAt" >= ${from} AND r."occurrenceStartsAt" < ${to}
    GROUP BY r."eventId", r."occurrenceStartsAt", e.category
    ORDER BY r."occurrenceStartsAt", r."eventId"`;
}

/**
 * Bookings made in [from, to) per local date of `timeZone` and source, through
 * "Booking_organizationId_createdAt_idx". Exported for the EXPLAIN test.
 */
export function bookingsPerDaySql(organizationId: string, timeZone: string, from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT to_char(b."createdAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS date, b.source, count(*)::int AS bookings
    FROM "Booking" b
    WHERE b."organizationId" = ${organizationId} AND b."createdAt" >= ${from} AND b."createdAt" < ${to}
    GROUP BY 1, 2
    ORDER BY 1, 2`;
}

/** Conflicts logged in [from, to) per local date, type and status, through "BookingConflict_organizationId_createdAt_idx". */
function conflictsPerDaySql(organizationId: string, timeZone: string, from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT to_char(c."createdAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS date, c.type, c.status, count(*)::int AS conflicts
    FROM "BookingConflict" c
    WHERE c."organizationId" = ${organizationId} AND c."createdAt" >= ${from} AND c."createdAt" < ${to}
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`;
}

/** The aggregates of the analysts' reports: the database sums, the service shapes. */
export class AnalyticsRepository {
  constructor(private readonly db: Db) {}

  bookedTime(organizationId: string, windows: readonly OpenWindow[]): Promise<BookedTime[]> {
    if (windows.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<BookedTime[]>(bookedSecondsSql(organizationId, windows));
  }

  occurrenceAttendance(organizationId: string, from: Date, to: Date): Promise<OccurrenceAttendanceRow[]> {
    return this.db.$queryRaw<OccurrenceAttendanceRow[]>(occurrenceAttendanceSql(organizationId, from, to));
  }

  bookingsPerDay(organizationId: string, timeZone: string, from: Date, to: Date): Promise<SourceDayRow[]> {
    return this.db.$queryRaw<SourceDayRow[]>(bookingsPerDaySql(organizationId, timeZone, from, to));
  }

  conflictsPerDay(organizationId: string, timeZone: string, from: Date, to: Date): Promise<ConflictDayRow[]> {
    return this.db.$queryRaw<ConflictDayRow[]>(conflictsPerDaySql(organizationId, timeZone, from, to));
  }
}
