export type { CalendarConnectionRecord as ExternalCalendarConnectionMapper } from './calendar-sync.repository.ts';
export type { ExternalBusy as ExternalCalendarEventMapper } from './external-events.ts';
