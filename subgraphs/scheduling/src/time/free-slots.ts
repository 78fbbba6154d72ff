import { openWindows, type OpeningPolicy } from './open-windows.ts';

const MINUTE = 60_000;

export interface Span {
  startsAt: Date;
  endsAt: Date;
}

export interface SlotQuery {
  /** When the slots may be. */
  policy: OpeningPolicy;
  from: Date;
  to: Date;
  durationMinutes: number;
  /** Slots start this many minutes apart, counted from each opening. */
  stepMinutes: number;
  /** No slot starts before this (now plus the lead time). */
  earliest: Date;
  /** What is taken already, as the time it blocks (buffers included). */
  busy: readonly Span[];
  /** Kept free around a new slot, as a booking of it would block. */
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Stop after this many slots. */
  limit: number;
}

/**
 * Free slots of `durationMinutes` inside [from, to): each lies within one opening (local
 * wall-clock hours of the policy's time zone, blackout dates skipped), starts no earlier than
 * `earliest`, and, with its buffers, overlaps nothing busy — the same test the bookings'
 * exclusion constraint applies. Earliest first.
 */
export function freeSlots(query: SlotQuery): Span[] {
  const duration = query.durationMinutes * MINUTE;
  const step = query.stepMinutes * MINUTE;
  const busy = [...query.busy].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const slots: Span[] = [];
  for (const window of openWindows(query.policy, query.from, query.to)) {
    const windowEnd = Math.min(window.end.toMillis(), query.to.getTime());
    for (let start = window.start.toMillis(); start + duration <= windowEnd; start += step) {
      if (start < query.from.getTime() || start < query.earliest.getTime()) continue;
      const blockedFrom = start - query.bufferBeforeMinutes * MINUTE;
      const blockedUntil = start + duration + query.bufferAfterMinutes * MINUTE;
      const taken = busy.some((span) => span.startsAt.getTime() < blockedUntil && span.endsAt.getTime() > blockedFrom);
      if (taken) continue;
      slots.push({ startsAt: new Date(start), endsAt: new Date(start + duration) });
      if (slots.length >= query.limit) return slots;
    }
  }
  return slots;
}
