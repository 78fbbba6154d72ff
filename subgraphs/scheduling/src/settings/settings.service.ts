import type { Viewer } from '@plaza/auth';
import { requireMember, requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { SchedulingRepositories } from '../repositories.ts';
import { weeklyHoursSchema, type WeeklyHours } from '../time/time.validation.ts';
import type { StoredCalendarSettings } from './settings.repository.ts';
import type { updateCalendarSettingsInput } from './settings.validation.ts';

/** The settings as read: defaults, with no updatedAt, until the organization saves its own. */
export interface CalendarSettingsView {
  organizationId: string;
  defaultTimeZone: string;
  weekStart: number;
  workingHours: WeeklyHours;
  updatedAt: Date | null;
}

const OFFICE_HOURS: WeeklyHours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }));

const defaults = (organizationId: string): CalendarSettingsView => ({
  organizationId,
  defaultTimeZone: 'UTC',
  weekStart: 1,
  workingHours: OFFICE_HOURS,
  updatedAt: null,
});

// Written only through weeklyHoursSchema, so a row that fails it is corrupt, not user input.
const toView = (stored: StoredCalendarSettings): CalendarSettingsView => ({
  ...stored,
  workingHours: weeklyHoursSchema.parse(stored.workingHours),
});

/** Every member reads the organization's calendar settings; admins change them. */
export class CalendarSettingsService {
  constructor(private readonly deps: { data: DataAccess<SchedulingRepositories> }) {}

  async find(viewer: Viewer): Promise<CalendarSettingsView> {
    const { organizationId } = requireMember(viewer);
    const stored = await this.deps.data.repositories(viewer).calendarSettings.find(organizationId);
    return stored ? toView(stored) : defaults(organizationId);
  }

  /** The organization's default time zone, for calendars and resources created without one. */
  async defaultTimeZone(viewer: Viewer): Promise<string> {
    return (await this.find(viewer)).defaultTimeZone;
  }

  async update(viewer: Viewer, changes: z.output<typeof updateCalendarSettingsInput>): Promise<CalendarSettingsView> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ calendarSettings }) => {
      const stored = await calendarSettings.find(organizationId);
      const current = stored ? toView(stored) : defaults(organizationId);
      const saved = await calendarSettings.save({
        organizationId,
        defaultTimeZone: changes.defaultTimeZone ?? current.defaultTimeZone,
        weekStart: changes.weekStart ?? current.weekStart,
        workingHours: changes.workingHours ?? current.workingHours,
      });
      return toView(saved);
    });
  }
}
