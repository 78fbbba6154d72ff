import type { Viewer } from '@plaza/auth';
import { requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { SchedulingRepositories } from '../repositories.ts';
import type { ResourceService, ResourceView } from '../resource/resource.service.ts';
import type { CalendarSettingsService } from '../settings/settings.service.ts';
import type { BookingSource, ConflictStatus, ConflictType } from '../generated/prisma/enums.ts';
import { MAX_REPORT_RESOURCES, type ReportRange } from './analytics.validation.ts';
import { isoWeekOf, isoWeeksOf, localDatesOf, openHoursByDate, openWindowsByDate, roundHours } from './report-periods.ts';

interface UtilisationFigures {
  openHours: number;
  bookedHours: number;
  ratio: number | null;
}

export interface ResourceUtilisation extends UtilisationFigures {
  resource: ResourceView;
  timeZone: string;
  days: (UtilisationFigures & { date: string })[];
}

export interface OccurrenceAttendance {
  eventId: string;
  occurrenceStartsAt: Date;
  category: string | null;
  going: number;
  attended: number;
  rate: number | null;
}

export interface CategoryAttendance {
  category: string | null;
  occurrences: number;
  going: number;
  attended: number;
  rate: number | null;
}

export interface BookingActivityWeek {
  week: string;
  startsOn: string;
  bookings: number;
  bySource: { source: BookingSource; bookings: number }[];
  conflicts: number;
  conflictsByTypeAndStatus: { type: ConflictType; status: ConflictStatus; conflicts: number }[];
}

const figures = (openHours: number, bookedHours: number): UtilisationFigures => ({
  openHours: roundHours(openHours),
  bookedHours: roundHours(bookedHours),
  ratio: openHours > 0 ? Math.round((bookedHours / openHours) * 10_000) / 10_000 : null,
});

const rate = (attendedOfGoing: number, going: number) => (going > 0 ? Math.round((attendedOfGoing / going) * 10_000) / 10_000 : null);

/**
 * Reports for admins and owners. The database sums (booked seconds clipped to open windows,
 * answers per occurrence, bookings and conflicts per local date) over indexed range scans; this
 * service works out the calendar — open windows in each resource's time zone, ISO weeks in the
 * organization's — and shapes the figures.
 */
export class AnalyticsService {
  constructor(
    private readonly deps: {
      data: DataAccess<SchedulingRepositories>;
      resources: Pick<ResourceService, 'findForReport'>;
      settings: Pick<CalendarSettingsService, 'defaultTimeZone'>;
    },
  ) {}

  async resourceUtilisation(viewer: Viewer, range: ReportRange, resourceIds: string[] | null): Promise<ResourceUtilisation[]> {
    const admin = requireRole(viewer, 'ADMIN');
    const resources = await this.deps.resources.findForReport(admin, resourceIds, MAX_REPORT_RESOURCES);
    const windows = resources.map((resource) => openWindowsByDate(resource, range.from, range.to));
    const booked = await this.deps.data.repositories(admin).analytics.bookedTime(admin.organizationId, windows.flat());
    const bookedSeconds = new Map(booked.map((row) => [`${row.resourceId}|${row.date}`, row.seconds]));
    return resources.map((resource, index) => {
      const openHours = openHoursByDate(windows[index]!);
      const days = localDatesOf(resource.timeZone, range.from, range.to).map((date) => ({
        date,
        ...figures(openHours.get(date) ?? 0, (bookedSeconds.get(`${resource.id}|${date}`) ?? 0) / 3600),
      }));
      const total = (pick: (day: UtilisationFigures) => number) => days.reduce((sum, day) => sum + pick(day), 0);
      return {
        resource,
        timeZone: resource.timeZone,
        days,
        ...figures(
          total((day) => day.openHours),
          total((day) => day.bookedHours),
        ),
      };
    });
  }

  async attendance(viewer: Viewer, range: ReportRange): Promise<{ occurrences: OccurrenceAttendance[]; categories: CategoryAttendance[] }> {
    const admin = requireRole(viewer, 'ADMIN');
    const rows = await this.deps.data.repositories(admin).analytics.occurrenceAttendance(admin.organizationId, range.from, range.to);
    const byCategory = new Map<string | null, CategoryAttendance & { attendedOfGoing: number }>();
    for (const row of rows) {
      const category = byCategory.get(row.category) ?? {
        category: row.category,
        occurrences: 0,
        going: 0,
        attended: 0,
        attendedOfGoing: 0,
        rate: null,
      };
      category.occurrences += 1;
      category.going += row.going;
      category.attended += row.attended;
      category.attendedOfGoing += row.attendedOfGoing;
      byCategory.set(row.category, category);
    }
    const categories = [...byCategory.values()]
      .map(({ attendedOfGoing, ...category }) => ({ ...category, rate: rate(attendedOfGoing, category.going) }))
      .sort((a, b) => (a.category === null ? 1 : b.category === null ? -1 : a.category.localeCompare(b.category)));
    return {
      occurrences: rows.map(({ attendedOfGoing, ...row }) => ({ ...row, rate: rate(attendedOfGoing, row.going) })),
      categories,
    };
  }

  async bookingActivity(viewer: Viewer, range: ReportRange): Promise<{ timeZone: string; weeks: BookingActivityWeek[] }> {
    const admin = requireRole(viewer, 'ADMIN');
    const timeZone = await this.deps.settings.defaultTimeZone(admin);
    const { analytics } = this.deps.data.repositories(admin);
    const [bookings, conflicts] = await Promise.all([
      analytics.bookingsPerDay(admin.organizationId, timeZone, range.from, range.to),
      analytics.conflictsPerDay(admin.organizationId, timeZone, range.from, range.to),
    ]);
    const weeks = new Map<string, BookingActivityWeek>(
      isoWeeksOf(timeZone, range.from, range.to).map((week) => [
        week.week,
        { ...week, bookings: 0, bySource: [], conflicts: 0, conflictsByTypeAndStatus: [] },
      ]),
    );
    for (const row of bookings) {
      const week = weeks.get(isoWeekOf(row.date).week);
      if (!week) continue;
      week.bookings += row.bookings;
      const count = week.bySource.find((entry) => entry.source === row.source);
      if (count) count.bookings += row.bookings;
      else week.bySource.push({ source: row.source, bookings: row.bookings });
    }
    for (const row of conflicts) {
      const week = weeks.get(isoWeekOf(row.date).week);
      if (!week) continue;
      week.conflicts += row.conflicts;
      const count = week.conflictsByTypeAndStatus.find((entry) => entry.type === row.type && entry.status === row.status);
      if (count) count.conflicts += row.conflicts;
      else week.conflictsByTypeAndStatus.push({ type: row.type, status: row.status, conflicts: row.conflicts });
    }
    return { timeZone, weeks: [...weeks.values()] };
  }
}
