import type { Connection } from '@plaza/subgraph-kit';
import type { CalendarRecord } from './calendar.repository.ts';

export type { CalendarRecord as CalendarMapper } from './calendar.repository.ts';
export type CalendarConnectionMapper = Connection<CalendarRecord>;
