import { describe, expect, it } from 'vitest';
import { freeSlots, type SlotQuery } from './free-slots.ts';

// Berlin moves its clocks from 02:00 to 03:00 on Sunday 2031-03-30.
const query = (fields: Partial<SlotQuery> = {}): SlotQuery => ({
  policy: {
    timeZone: 'Europe/Berlin',
    openHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '12:00' })),
    blackouts: [],
  },
  from: new Date('2031-03-29T00:00:00Z'),
  to: new Date('2031-04-01T00:00:00Z'),
  durationMinutes: 60,
  stepMinutes: 60,
  earliest: new Date('2031-03-01T00:00:00Z'),
  busy: [],
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  limit: 100,
  ...fields,
});
const starts = (q: SlotQuery) => freeSlots(q).map((slot) => slot.startsAt.toISOString());

describe('freeSlots', () => {
  it('follows local opening hours across a daylight-saving change', () => {
    expect(starts(query())).toEqual([
      '2031-03-29T08:00:00.000Z',
      '2031-03-29T09:00:00.000Z',
      '2031-03-29T10:00:00.000Z',
      '2031-03-30T07:00:00.000Z',
      '2031-03-30T08:00:00.000Z',
      '2031-03-30T09:00:00.000Z',
      '2031-03-31T07:00:00.000Z',
      '2031-03-31T08:00:00.000Z',
      '2031-03-31T09:00:00.000Z',
    ]);
  });

  it('leaves out blackout dates, busy time with the buffers around a slot, and what the lead time forbids', () => {
    const slots = starts(
      query({
        policy: { ...query().policy, blackouts: [{ startsOn: '2031-03-30', endsOn: '2031-03-30' }] },
        // A booking 10:00–10:30 local on the 31st (08:00–08:30Z), blocking until 08:45Z with its buffer.
        busy: [{ startsAt: new Date('2031-03-31T08:00:00Z'), endsAt: new Date('2031-03-31T08:45:00Z') }],
        bufferAfterMinutes: 15,
        earliest: new Date('2031-03-29T08:30:00Z'),
        stepMinutes: 30,
      }),
    );
    expect(slots).toEqual([
      '2031-03-29T08:30:00.000Z',
      '2031-03-29T09:00:00.000Z',
      '2031-03-29T09:30:00.000Z',
      '2031-03-29T10:00:00.000Z',
      // Starts up to 08:30Z would, with their 15-minute buffer after, reach into the booking.
      '2031-03-31T09:00:00.000Z',
    ]);
    expect(freeSlots(query({ limit: 2 }))).toHaveLength(2);
  });
});
