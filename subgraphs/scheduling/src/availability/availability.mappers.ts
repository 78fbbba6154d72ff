export type { Span as TimeSlotMapper } from '../time/free-slots.ts';
