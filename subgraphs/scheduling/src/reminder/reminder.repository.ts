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

  /**
   * Events of every organization that are on, have an occurrence that may start in [from, to)
   * and remind someone (offsets of their own, or an attendee's preference). For the poller,
   * which runs outside any one organization.
   */
  findRemindingBetween(from: Date, to: Date): Promise<EventRecord[]> {
    return this.db.event.findMany({
      where: {
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
