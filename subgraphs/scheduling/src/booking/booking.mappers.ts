import type { Connection } from '@plaza/subgraph-kit';
import type { BookingConflictRecord } from './booking-conflict.repository.ts';
import type { BookingRecord } from './booking.repository.ts';

export type { BookingRecord as BookingMapper } from './booking.repository.ts';
export type { BookingConflictRecord as BookingConflictMapper } from './booking-conflict.repository.ts';
export type BookingConnectionMapper = Connection<BookingRecord>;
export type BookingConflictConnectionMapper = Connection<BookingConflictRecord>;
