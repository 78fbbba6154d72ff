import type { Db } from '../db.ts';
import { columnsOf, firstPerParent } from '../first-per-parent.ts';
import { Prisma } from '../generated/prisma/client.ts';

const rsvpSelect = {
  id: true,
  organizationId: true,
  eventId: true,
  occurrenceStartsAt: true,
  userId: true,
  response: true,
  waitlisted: true,
  respondedAt: true,
  attended: true,
  attendanceRecordedAt: true,
  attendanceRecordedById: true,
} satisfies Prisma.RsvpSelect;

export type RsvpRecord = Prisma.RsvpGetPayload<{ select: typeof rsvpSelect }>;
export type RsvpResponse = RsvpRecord['response'];
/** Position of an answer in the (respondedAt, id) order: what a cursor points after. */
export type RsvpKey = Pick<RsvpRecord, 'respondedAt' | 'id'>;
type Occurrence = { eventId: string; occurrenceStartsAt: Date };
/** A member who answered an event (`Event.attendees`), with the event it was found for. */
export type AttendeeRecord = { eventId: string; userId: string };
export type AttendanceFact = Pick<RsvpRecord, 'attended' | 'attendanceRecordedAt' | 'attendanceRecordedById'>;

export class RsvpRepository {
  constructor(private readonly db: Db) {}

  /**
   * Locks the event's row until the transaction ends: answers to one event are taken one at a
   * time, so counting seats and taking one cannot interleave (PostgreSQL's READ COMMITTED would
   * let two transactions count the same free seat).
   */
  async lockEvent(organizationId: string, eventId: string): Promise<void> {
    await this.db.$queryRaw`SELECT id FROM "Event" WHERE id = ${eventId} AND "organizationId" = ${organizationId} FOR UPDATE`;
  }

  find(organizationId: string, occurrence: Occurrence, userId: string): Promise<RsvpRecord | null> {
    return this.db.rsvp.findFirst({ where: { organizationId, ...occurrence, userId }, select: rsvpSelect });
  }

  /** GOING answers holding a seat. */
  countSeated(organizationId: string, occurrence: Occurrence): Promise<number> {
    return this.db.rsvp.count({ where: { organizationId, ...occurrence, response: 'GOING', waitlisted: false } });
  }

  /** The first of the waitlist, in arrival order. */
  firstWaitlisted(organizationId: string, occurrence: Occurrence): Promise<RsvpRecord | null> {
    return this.db.rsvp.findFirst({
      where: { organizationId, ...occurrence, response: 'GOING', waitlisted: true },
      orderBy: [{ respondedAt: 'asc' }, { id: 'asc' }],
      select: rsvpSelect,
    });
  }

  save(
    organizationId: string,
    occurrence: Occurrence,
    userId: string,
    answer: Pick<RsvpRecord, 'response' | 'waitlisted' | 'respondedAt'>,
  ): Promise<RsvpRecord> {
    return this.db.rsvp.upsert({
      where: { eventId_occurrenceStartsAt_userId: { ...occurrence, userId } },
      create: { organizationId, ...occurrence, userId, ...answer },
      update: answer,
      select: rsvpSelect,
    });
  }

  seat(id: string): Promise<RsvpRecord> {
    return this.db.rsvp.update({ where: { id }, data: { waitlisted: false }, select: rsvpSelect });
  }

  /**
   * The first `take` members (by user id, after `afterUserId`) who answered each event, in one
   * statement: of one occurrence if given, else of any; of one response if given.
   */
  listAttendees(
    organizationId: string,
    eventIds: readonly string[],
    options: { occurrenceStartsAt?: Date | null; response?: RsvpResponse | null; afterUserId?: string; take: number },
  ): Promise<AttendeeRecord[]> {
    if (eventIds.length === 0) return Promise.resolve([]);
    const answered = Prisma.sql`(
      SELECT DISTINCT "eventId", "userId" FROM "Rsvp"
      WHERE "organizationId" = ${organizationId} AND "eventId" IN (${Prisma.join([...eventIds])})
        AND ${options.occurrenceStartsAt ? Prisma.sql`"occurrenceStartsAt" = ${options.occurrenceStartsAt}` : Prisma.sql`TRUE`}
        AND ${options.response ? Prisma.sql`response = ${options.response}::"RsvpResponse"` : Prisma.sql`TRUE`}
    ) AS answered`;
    return this.db.$queryRaw<AttendeeRecord[]>(
      firstPerParent({
        columns: columnsOf({ eventId: true, userId: true }),
        rows: answered,
        parent: 'eventId',
        order: ['userId'],
        where: options.afterUserId ? Prisma.sql`"userId" > ${options.afterUserId}` : Prisma.sql`TRUE`,
        take: options.take,
      }),
    );
  }

  /** Records whether the member who gave this answer came. */
  recordAttendance(id: string, fact: AttendanceFact): Promise<RsvpRecord> {
    return this.db.rsvp.update({ where: { id }, data: fact, select: rsvpSelect });
  }

  /** A member's seats (GOING, not waitlisted) at occurrences starting in [from, to). */
  findSeatedByUser(organizationId: string, userId: string, from: Date, to: Date): Promise<RsvpRecord[]> {
    return this.db.rsvp.findMany({
      where: { organizationId, userId, response: 'GOING', waitlisted: false, occurrenceStartsAt: { gte: from, lt: to } },
      select: rsvpSelect,
    });
  }

  /** Answers to one occurrence in arrival order, keyset-paginated on (respondedAt, id). */
  list(
    organizationId: string,
    occurrence: Occurrence,
    options: { response?: RsvpResponse | null; waitlisted?: boolean | null; after?: RsvpKey; take: number },
  ): Promise<RsvpRecord[]> {
    const { after } = options;
    return this.db.rsvp.findMany({
      where: {
        organizationId,
        ...occurrence,
        ...(options.response ? { response: options.response } : {}),
        ...(typeof options.waitlisted === 'boolean' ? { waitlisted: options.waitlisted } : {}),
        ...(after ? { OR: [{ respondedAt: { gt: after.respondedAt } }, { respondedAt: after.respondedAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ respondedAt: 'asc' }, { id: 'asc' }],
      take: options.take,
      select: rsvpSelect,
    });
  }

  /**
   * Members going or maybe going to occurrences of an event: the one starting at `at`, or every
   * one from `from` on.
   */
  async attendeeIds(organizationId: string, eventId: string, occurrences: { at: Date } | { from: Date }): Promise<string[]> {
    const rows = await this.db.rsvp.findMany({
      where: {
        organizationId,
        eventId,
        response: { in: ['GOING', 'MAYBE'] },
        occurrenceStartsAt: 'at' in occurrences ? occurrences.at : { gte: occurrences.from },
      },
      distinct: ['userId'],
      orderBy: { userId: 'asc' },
      select: { userId: true },
    });
    return rows.map((row) => row.userId);
  }

  /** Members holding a seat at each of the given occurrences of events. */
  findSeatedAt(organizationId: string, occurrences: readonly { eventId: string; occurrenceStartsAt: Date }[]): Promise<RsvpRecord[]> {
    if (occurrences.length === 0) return Promise.resolve([]);
    return this.db.rsvp.findMany({
      where: { organizationId, response: 'GOING', waitlisted: false, OR: occurrences.map((occurrence) => ({ ...occurrence })) },
      select: rsvpSelect,
    });
  }
}
