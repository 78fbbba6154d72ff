import type { Connection } from '@plaza/subgraph-kit';
import type { EventRecord } from './event.repository.ts';

export type { EventRecord as EventMapper } from './event.repository.ts';
export type EventConnectionMapper = Connection<EventRecord>;
export type { EventOccurrence as EventOccurrenceMapper } from './event.service.ts';
/** Commerce's product, known here by id only. */
export type ProductMapper = { id: string };
/** Answering members as identity users, known here by id only. */
export type EventAttendeeConnectionMapper = Connection<{ id: string }>;
