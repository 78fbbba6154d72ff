import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { SchedulingRepositories } from '../repositories.ts';
import type { ResourceView } from '../resource/resource.service.ts';
import type { BookingConflictRecord, NewBookingConflict } from './booking-conflict.repository.ts';
import { bookingRuleViolation } from './booking-rules.ts';
import type { BookingRecord, NewBooking } from './booking.repository.ts';
import { BookingService } from './booking.service.ts';
import { bookResourceInput } from './booking.validation.ts';
import type { ExternalBusyRecord } from '../calendar-sync/calendar-sync.repository.ts';

const ORG = 'org-1';
const NOW = new Date('2031-03-20T12:00:00.000Z');
const viewer = (role: Role, userId = `user-${role}`): Viewer => ({ userId, organizationId: ORG, role });

// Berlin moves its clocks from 02:00 to 03:00 on Sunday 2031-03-30: UTC+1 before, UTC+2 after.
const studio: ResourceView = {
  id: 'studio',
  organizationId: ORG,
  name: 'Studio A',
  type: 'SPACE',
  description: null,
  capacity: 12,
  timeZone: 'Europe/Berlin',
  openHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })),
  blackouts: [{ id: 'b1', resourceId: 'studio', startsOn: '2031-04-01', endsOn: '2031-04-02', reason: 'Floor repairs' }],
  bufferBeforeMinutes: 15,
  bufferAfterMinutes: 15,
  minDurationMinutes: 30,
  maxDurationMinutes: 240,
  leadTimeMinutes: 60,
  autoApprove: true,
  allowedRoles: [],
  createdAt: NOW,
};

describe('bookingRuleViolation', () => {
  const check = (startsAt: string, endsAt: string, resource = studio) =>
    bookingRuleViolation(resource, new Date(startsAt), new Date(endsAt), NOW);

  it('accepts open hours by local wall-clock time on both sides of a daylight-saving change', () => {
    // 09:00–10:00 Berlin is 08:00Z in winter time and 07:00Z in summer time.
    expect(check('2031-03-29T08:00:00Z', '2031-03-29T09:00:00Z')).toBeNull();
    expect(check('2031-03-31T07:00:00Z', '2031-03-31T08:00:00Z')).toBeNull();
    // 07:30Z is 08:30 before the change (closed) and 09:30 after it (open).
    expect(check('2031-03-29T07:30:00Z', '2031-03-29T08:30:00Z')?.message).toBe(
      '2031-03-29T08:30+01:00 (Europe/Berlin) to 2031-03-29T09:30+01:00 (Europe/Berlin) is outside the open hours of resource Studio A (studio)',
    );
    expect(check('2031-03-31T07:30:00Z', '2031-03-31T08:30:00Z')).toBeNull();
    // 16:30–17:30 local crosses closing time.
    expect(check('2031-03-31T14:30:00Z', '2031-03-31T15:30:00Z')?.field).toBe('startsAt');
  });

  it('names the rule and the values for duration, lead time and blackout dates', () => {
    expect(check('2031-03-24T09:00:00Z', '2031-03-24T09:10:00Z')?.message).toBe(
      'a booking of 10 minutes is shorter than the 30-minute minimum of resource Studio A (studio)',
    );
    expect(check('2031-03-24T08:00:00Z', '2031-03-24T13:00:00Z')?.message).toMatch(/300 minutes is longer than the 240-minute maximum/);
    expect(check('2031-03-24T10:00:00Z', '2031-03-24T09:00:00Z')?.field).toBe('endsAt');
    expect(check('2031-03-20T12:30:00Z', '2031-03-20T13:30:00Z')?.message).toBe(
      'must be at least 60 minutes from now for resource Studio A (studio) (2031-03-20T12:30:00.000Z is before 2031-03-20T13:00:00.000Z)',
    );
    expect(check('2031-04-02T08:00:00Z', '2031-04-02T09:00:00Z')?.message).toBe(
      '2031-04-02 is a blackout date of resource Studio A (studio) (Floor repairs)',
    );
  });
});

function bookingService(resource: ResourceView, options: { refuseAsOverlap?: boolean; externalBusy?: ExternalBusyRecord[] } = {}) {
  const bookings: BookingRecord[] = [];
  const conflicts: BookingConflictRecord[] = [];
  const recorded: { type: string; payload: unknown }[] = [];
  const data = fakeDataAccess<SchedulingRepositories>({
    outbox: {
      record: async (event) => {
        recorded.push({ type: event.type, payload: event.payload });
        return `e-${recorded.length}`;
      },
    },
    bookings: {
      create: async (booking: NewBooking) => {
        if (options.refuseAsOverlap) {
          throw Object.assign(new Error('refused'), {
            code: 'P2039',
            meta: {
              driverAdapterError: {
                cause: { code: '23P01', message: 'conflicting key value violates exclusion constraint "Booking_no_overlap"' },
              },
            },
          });
        }
        const row = {
          id: `bk-${bookings.length + 1}`,
          createdAt: NOW,
          resolutionNotes: null,
          decidedById: null,
          decidedAt: null,
          ...booking,
        };
        bookings.push(row);
        return row;
      },
      findLiveOverlapping: async (organizationId, resourceId, blockedFrom, blockedUntil) => [
        {
          id: 'holder',
          organizationId,
          resourceId,
          bookedById: 'someone',
          startsAt: blockedFrom,
          endsAt: blockedUntil,
          blockedFrom,
          blockedUntil,
          status: 'APPROVED',
          source: 'WEB',
          notes: null,
          resolutionNotes: null,
          autoApproved: true,
          decidedById: null,
          decidedAt: null,
          createdAt: NOW,
        },
      ],
    },
    bookingConflicts: {
      create: async (conflict: NewBookingConflict) => {
        const row = {
          id: `c-${conflicts.length + 1}`,
          createdAt: NOW,
          status: 'OPEN' as const,
          resolution: null,
          resolvedById: null,
          resolvedAt: null,
          ...conflict,
        };
        conflicts.push(row);
        return row;
      },
    },
  });
  const service = new BookingService({
    data,
    resources: { findVisibleByIds: async (_viewer, ids) => (ids.includes(resource.id) ? [resource] : []) },
    externalBusy: {
      busyOfTarget: async (_scope, _organizationId, target, from, to) =>
        (options.externalBusy ?? []).filter(
          (busy) => target.id === resource.id && busy.startsAt.getTime() < to.getTime() && busy.endsAt.getTime() > from.getTime(),
        ),
    },
    now: () => NOW,
  });
  return { service, bookings, conflicts, recorded };
}

const request = (fields: Record<string, unknown> = {}) =>
  bookResourceInput.parse({
    resourceId: 'studio',
    startsAt: new Date('2031-03-24T09:00:00Z'),
    endsAt: new Date('2031-03-24T10:00:00Z'),
    ...fields,
  });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('BookingService.book', () => {
  it('blocks the buffers around the booking and approves at once when the resource auto-approves', async () => {
    const { service, recorded } = bookingService(studio);
    expect(await service.book(viewer('MEMBER'), request())).toMatchObject({
      status: 'APPROVED',
      autoApproved: true,
      blockedFrom: new Date('2031-03-24T08:45:00Z'),
      blockedUntil: new Date('2031-03-24T10:15:00Z'),
    });
    expect(recorded.map((event) => event.type)).toEqual(['scheduling.booking.requested', 'scheduling.booking.approved']);
    const { service: approvalService, recorded: requests } = bookingService({ ...studio, autoApprove: false });
    expect(await approvalService.book(viewer('MEMBER'), request())).toMatchObject({ status: 'PENDING', autoApproved: false });
    expect(requests).toEqual([
      {
        type: 'scheduling.booking.requested',
        payload: {
          bookingId: 'bk-1',
          resourceId: 'studio',
          bookedById: 'user-MEMBER',
          startsAt: '2031-03-24T09:00:00.000Z',
          endsAt: '2031-03-24T10:00:00.000Z',
          source: 'WEB',
          status: 'PENDING',
        },
      },
    ]);
  });

  it('refuses roles the resource does not list, and manual bookings by non-admins, writing nothing', async () => {
    const { service, bookings } = bookingService({ ...studio, allowedRoles: ['MODERATOR'] });
    const refused = await rejection(service.book(viewer('MEMBER'), request()));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toBe('Resource Studio A (studio) may be booked by MODERATOR (and admins); you are MEMBER');
    expect((await rejection(service.book(viewer('MODERATOR'), request({ source: 'MANUAL' })))).code).toBe('FORBIDDEN');
    await service.book(viewer('ADMIN'), request({ source: 'MANUAL' }));
    expect(bookings).toHaveLength(1);
  });

  it('answers a refusal by the exclusion constraint with CONFLICT naming the holder, and logs it', async () => {
    const { service, conflicts, recorded } = bookingService(studio, { refuseAsOverlap: true });
    const conflict = await rejection(service.book(viewer('MEMBER'), request()));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.details).toEqual({ conflictingBookingId: 'holder', conflictId: 'c-1' });
    expect(conflict.message).toBe(
      'Resource Studio A (studio) is already booked between 2031-03-24T08:45:00.000Z and 2031-03-24T10:15:00.000Z (booking holder), buffers included',
    );
    expect(conflicts).toEqual([
      expect.objectContaining({ type: 'DOUBLE_BOOKING', conflictingBookingId: 'holder', attemptedById: 'user-MEMBER', status: 'OPEN' }),
    ]);
    expect(recorded).toEqual([
      {
        type: 'scheduling.conflict.logged',
        payload: {
          conflictId: 'c-1',
          conflictType: 'DOUBLE_BOOKING',
          resourceId: 'studio',
          attemptedById: 'user-MEMBER',
          conflictingBookingId: 'holder',
          severity: 'MEDIUM',
        },
      },
    ]);
  });

  it('refuses with CONFLICT a booking whose buffers reach into an event of a synced external calendar, writing nothing', async () => {
    const busy = {
      connectionId: 'conn-1',
      externalEventId: 'standup@remote',
      title: 'Stand-up',
      startsAt: new Date('2031-03-24T10:10:00Z'),
      endsAt: new Date('2031-03-24T10:30:00Z'),
    };
    const { service, bookings } = bookingService(studio, { externalBusy: [busy] });
    const refused = await rejection(service.book(viewer('MEMBER'), request()));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe(
      'Resource Studio A (studio) is busy in its synced external calendar from 2031-03-24T10:10:00.000Z to 2031-03-24T10:30:00.000Z ("Stand-up", connection conn-1)',
    );
    expect(bookings).toHaveLength(0);
    // Ending at 09:45 with its 15-minute buffer, the booking clears the event.
    await service.book(viewer('MEMBER'), request({ endsAt: new Date('2031-03-24T09:45:00Z') }));
    expect(bookings).toHaveLength(1);
  });

  it('answers NOT_FOUND for a resource the viewer cannot see and BAD_USER_INPUT naming the broken rule', async () => {
    const { service } = bookingService(studio);
    expect((await rejection(service.book(viewer('MEMBER'), request({ resourceId: 'elsewhere' })))).code).toBe('NOT_FOUND');
    const early = await rejection(service.book(viewer('MEMBER'), request({ startsAt: new Date('2031-03-24T06:00:00Z') })));
    expect(early.code).toBe('BAD_USER_INPUT');
    expect(early.message).toMatch(/^Invalid input: startsAt: .* is outside the open hours of resource Studio A/);
  });
});
