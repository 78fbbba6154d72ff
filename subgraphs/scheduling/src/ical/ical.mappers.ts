import type { CalendarRecord } from '../calendar/calendar.repository.ts';
import type { EventRecord } from '../event/event.repository.ts';

export type CalendarFeedMapper = { url: string; calendar: CalendarRecord };
export type CalendarImportMapper = { created: number; updated: number; events: EventRecord[] };
