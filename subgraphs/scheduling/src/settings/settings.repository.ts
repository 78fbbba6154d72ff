import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { WeeklyHours } from '../time/time.validation.ts';

const settingsSelect = {
  organizationId: true,
  defaultTimeZone: true,
  weekStart: true,
  workingHours: true,
  updatedAt: true,
} satisfies Prisma.CalendarSettingsSelect;

/** An organization's saved calendar settings; `workingHours` is JSON the service parses. */
export type StoredCalendarSettings = Prisma.CalendarSettingsGetPayload<{ select: typeof settingsSelect }>;

export class CalendarSettingsRepository {
  constructor(private readonly db: Db) {}

  find(organizationId: string): Promise<StoredCalendarSettings | null> {
    return this.db.calendarSettings.findUnique({ where: { organizationId }, select: settingsSelect });
  }

  save(
    settings: Omit<StoredCalendarSettings, 'updatedAt' | 'workingHours'> & { workingHours: WeeklyHours },
  ): Promise<StoredCalendarSettings> {
    const { organizationId, ...fields } = settings;
    return this.db.calendarSettings.upsert({
      where: { organizationId },
      create: settings,
      update: fields,
      select: settingsSelect,
    });
  }
}
