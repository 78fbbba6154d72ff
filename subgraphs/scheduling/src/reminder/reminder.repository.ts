import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { eventSelect, type EventRecord } from '../event/event.repository.ts';

const preferenceSelect = { eventId: true, userId: true, offsetsMinutes: true } satisfies Prisma.EventReminderPreferenceSelect;

export type ReminderPreferenceRecord = Prisma.EventReminderPreferenceGetPayload<{ select: typeof preferenceSelect }>;

/** A reminder to send: one attendee, one occurrence, one offset. */
export interface DueReminder {
  organizationId: string;
  eventId: string;
  occurrenceStartsAt: Date;
  userId: string;
  offsetMinutes: number;
  dueAt: Date;
}

export class ReminderRepository {
  constructor(private readonly db: Db) {}

  /** Organizations with an event that reminds someone and may start in [from, to): the only read across organizations. */
  async organizationsWithReminders(from: Date, to: Date): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ organizationId: string }[]>`
      SELECT "organizationId" FROM plaza_organizations_with_reminders(${from}::timestamptz, ${to}::timestamptz)`;
    return rows.map((row) => row.organizationId);
  }

  /** The organization's events that are on, may have an occurrence starting in [from, to) and remind someone. */
  findRemindingBetween(organizationId: string, from: Date, to: Date): Promise<EventRecord[]> {
    return this.db.event.findMany({
      where: {
        organizationId,
        cancelledAt: null,
        startsAt: { lt: to },
        AND: [
          { OR: [{ recurrenceEndsAt: null }, { recurrenceEndsAt: { gt: from } }] },
          { OR: [{ reminderOffsetsMinutes: { isEmpty: false } }, { reminderPreferences: { some: {} } }] },
        ],
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      select: eventSelect,
    });
  }

  findPreferences(eventIds: readonly string[]): Promise<ReminderPreferenceRecord[]> {
    if (eventIds.length === 0) return Promise.resolve([]);
    return this.db.eventReminderPreference.findMany({ where: { eventId: { in: [...eventIds] } }, select: preferenceSelect });
  }

  savePreference(organizationId: string, eventId: string, userId: string, offsetsMinutes: number[]): Promise<ReminderPreferenceRecord> {
    return this.db.eventReminderPreference.upsert({
      where: { eventId_userId: { eventId, userId } },
      create: { organizationId, eventId, userId, offsetsMinutes },
      update: { offsetsMinutes },
      select: preferenceSelect,
    });
  }

  async deletePreference(eventId: string, userId: string): Promise<void> {
    await this.db.eventReminderPreference.deleteMany({ where: { eventId, userId } });
  }

  /**
   * Claims reminders: inserts their dispatch rows, skipping those another poller has written.
   * Returns the ones this call claimed. A concurrent insert of the same key waits for the other
   * transaction and is skipped once it commits, so each reminder is claimed exactly once.
   */
  claim(reminders: readonly DueReminder[]): Promise<DueReminder[]> {
    if (reminders.length === 0) return Promise.resolve([]);
    return this.db.reminderDispatch.createManyAndReturn({
      data: [...reminders],
      skipDuplicates: true,
      select: { organizationId: true, eventId: true, occurrenceStartsAt: true, userId: true, offsetMinutes: true, dueAt: true },
    });
  }
}
