import type { ReportRange } from './analytics.validation.ts';
import type { BookingActivityWeek, CategoryAttendance, OccurrenceAttendance, ResourceUtilisation } from './analytics.service.ts';

export type ResourceUtilisationReportMapper = ReportRange & { resources: ResourceUtilisation[] };
export type { ResourceUtilisation as ResourceUtilisationMapper } from './analytics.service.ts';
export type AttendanceReportMapper = ReportRange & { occurrences: OccurrenceAttendance[]; categories: CategoryAttendance[] };
export type { OccurrenceAttendance as OccurrenceAttendanceMapper } from './analytics.service.ts';
export type BookingActivityReportMapper = ReportRange & { timeZone: string; weeks: BookingActivityWeek[] };
