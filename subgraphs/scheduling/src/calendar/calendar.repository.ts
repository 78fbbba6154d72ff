import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const calendarSelect = {
  id: true,
  organizationId: true,
  ownerType: true,
  ownerId: true,
  name: true,
  timeZone: true,
  color: true,
  feedTokenHash: true,
  createdAt: true,
} satisfies Prisma.CalendarSelect;

export type CalendarRecord = Prisma.CalendarGetPayload<{ select: typeof calendarSelect }>;
export type NewCalendar = Omit<CalendarRecord, 'id' | 'createdAt' | 'feedTokenHash'>;
export type CalendarChanges = Partial<Pick<CalendarRecord, 'name' | 'timeZone' | 'color'>>;

export class CalendarRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<CalendarRecord[]> {
    return this.db.calendar.findMany({ where: { organizationId, id: { in: [...ids] } }, select: calendarSelect });
  }

  /** Oldest first (ids are time-ordered), keyset-paginated on id. */
  list(
    organizationId: string,
    options: { ownerType?: CalendarRecord['ownerType'] | null; ownerId?: string | null; afterId?: string; take: number },
  ): Promise<CalendarRecord[]> {
    return this.db.calendar.findMany({
      where: {
        organizationId,
        ...(options.ownerType ? { ownerType: options.ownerType } : {}),
        ...(options.ownerId ? { ownerId: options.ownerId } : {}),
        ...(options.afterId ? { id: { gt: options.afterId } } : {}),
      },
      orderBy: { id: 'asc' },
      take: options.take,
      select: calendarSelect,
    });
  }

  /** The calendars of some owners of one kind (e.g. resources). */
  findByOwners(organizationId: string, ownerType: CalendarRecord['ownerType'], ownerIds: readonly string[]): Promise<CalendarRecord[]> {
    return this.db.calendar.findMany({
      where: { organizationId, ownerType, ownerId: { in: [...ownerIds] } },
      orderBy: { id: 'asc' },
      select: calendarSelect,
    });
  }

  create(data: NewCalendar): Promise<CalendarRecord> {
    return this.db.calendar.create({ data, select: calendarSelect });
  }

  update(id: string, changes: CalendarChanges): Promise<CalendarRecord> {
    return this.db.calendar.update({ where: { id }, data: changes, select: calendarSelect });
  }

  /** Sets (or, with null, revokes) the hash of the calendar's feed token. */
  setFeedTokenHash(id: string, feedTokenHash: string | null): Promise<CalendarRecord> {
    return this.db.calendar.update({ where: { id }, data: { feedTokenHash }, select: calendarSelect });
  }

  /** The calendar whose feed token hashes to `tokenHash`, of whichever organization: the public feed's only cross-organization read. */
  async findByFeedTokenHash(tokenHash: string): Promise<{ organizationId: string; calendarId: string } | null> {
    const [row] = await this.db.$queryRaw<{ organizationId: string; calendarId: string }[]>`
      SELECT "organizationId", "calendarId" FROM plaza_calendar_of_feed_token(${tokenHash})`;
    return row ?? null;
  }
}
