import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, expectErrorCode, sharedTestStack, type Actor, type TestStack } from '@plaza/testkit';
import type { PrismaClient as SchedulingClient } from '../src/generated/prisma/client.ts';
import { graphql } from './graphql/index.ts';
import type { CreateResourceInput } from './graphql/graphql.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const CREATE_RESOURCE = graphql(`
  mutation BookingCreateResource($input: CreateResourceInput!) {
    createResource(input: $input) {
      id
      name
      timeZone
      openHours {
        weekday
        opens
        closes
      }
      allowedRoles
      calendar {
        ownerType
        ownerId
        timeZone
      }
    }
  }
`);
const ADD_BLACKOUT = graphql(`
  mutation BookingAddBlackout($input: AddResourceBlackoutInput!) {
    addResourceBlackout(input: $input) {
      blackouts {
        id
        startsOn
        endsOn
        reason
      }
    }
  }
`);
const BOOK = graphql(`
  mutation BookingBook($input: BookResourceInput!) {
    bookResource(input: $input) {
      id
      status
      autoApproved
      startsAt
      endsAt
      blockedFrom
      blockedUntil
      source
      bookedBy {
        id
      }
      resource {
        name
      }
    }
  }
`);
const APPROVE = graphql(`
  mutation BookingApprove($id: ID!) {
    approveBooking(id: $id) {
      status
      decidedBy {
        id
      }
    }
  }
`);
const REJECT = graphql(`
  mutation BookingReject($id: ID!, $reason: String) {
    rejectBooking(id: $id, reason: $reason) {
      status
      resolutionNotes
    }
  }
`);
const CANCEL = graphql(`
  mutation BookingCancel($id: ID!) {
    cancelBooking(id: $id) {
      status
    }
  }
`);
const BOOKINGS = graphql(`
  query BookingList($resourceId: ID, $status: BookingStatus, $from: DateTime, $to: DateTime) {
    bookings(resourceId: $resourceId, status: $status, from: $from, to: $to) {
      edges {
        node {
          id
          status
        }
      }
    }
  }
`);
const CONFLICTS = graphql(`
  query BookingConflicts($status: ConflictStatus) {
    bookingConflicts(status: $status, first: 100) {
      edges {
        node {
          id
          type
          status
          severity
          attemptedStartsAt
          conflictingBooking {
            id
          }
          resource {
            id
          }
          attemptedBy {
            id
          }
        }
      }
    }
  }
`);
const RESOLVE = graphql(`
  mutation BookingResolveConflict($id: ID!, $input: ResolveBookingConflictInput!) {
    resolveBookingConflict(id: $id, input: $input) {
      status
      resolution
      resolvedBy {
        id
      }
    }
  }
`);

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' }));

async function createResource(admin: Actor, input: Partial<CreateResourceInput> = {}) {
  return expectData(
    await admin.request(CREATE_RESOURCE, {
      input: { name: 'Studio A', type: 'SPACE', timeZone: 'Europe/London', openHours: EVERY_DAY, ...input },
    }),
  ).createResource;
}

// London is on UTC in January: local and UTC times agree.
const slot = (day: number, hour: number, hours = 1) => ({
  startsAt: new Date(Date.UTC(2031, 0, day, hour)).toISOString(),
  endsAt: new Date(Date.UTC(2031, 0, day, hour + hours)).toISOString(),
});

describe('resources', () => {
  it('an admin creates a resource with its calendar; members may not', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const resource = await createResource(owner, { allowedRoles: ['MODERATOR', 'MODERATOR'] });
    expect(resource).toMatchObject({
      timeZone: 'Europe/London',
      allowedRoles: ['MODERATOR'],
      calendar: { ownerType: 'RESOURCE', ownerId: resource.id },
    });
    expectErrorCode(await member.request(CREATE_RESOURCE, { input: { name: 'Mine', type: 'SPACE' } }), 'FORBIDDEN');
    const bad = expectErrorCode(
      await owner.request(CREATE_RESOURCE, {
        input: { name: 'Bad', type: 'SPACE', timeZone: 'Europe/Nowhere', minDurationMinutes: 60, maxDurationMinutes: 30 },
      }),
      'BAD_USER_INPUT',
    );
    expect(bad.message).toMatch(/timeZone: must be an IANA time zone/);
    expect(bad.message).toMatch(/maxDurationMinutes: must be at least minDurationMinutes/);
  });
});

describe('bookResource', () => {
  it('books within the rules, blocks the buffers, and answers an overlap with CONFLICT and a logged conflict', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const resource = await createResource(owner, { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 });
    const booking = expectData(
      await member.request(BOOK, { input: { resourceId: resource.id, ...slot(6, 10), notes: 'Team sync' } }),
    ).bookResource;
    expect(booking).toMatchObject({
      status: 'APPROVED',
      autoApproved: true,
      source: 'WEB',
      blockedFrom: '2031-01-06T09:45:00.000Z',
      blockedUntil: '2031-01-06T11:30:00.000Z',
      bookedBy: { id: member.userId },
      resource: { name: 'Studio A' },
    });

    // 11:00 starts after the booking, but inside its 30-minute buffer after.
    const response = await owner.request(BOOK, { input: { resourceId: resource.id, ...slot(6, 11) } });
    const conflict = expectErrorCode(response, 'CONFLICT');
    expect(conflict.extensions?.conflictingBookingId).toBe(booking.id);
    expect(conflict.message).toMatch(/buffers included/);
    // 12:00 (buffers 11:45–13:30) is clear of 09:45–11:30.
    expectData(await owner.request(BOOK, { input: { resourceId: resource.id, ...slot(6, 12) } }));

    const logged = expectData(await owner.request(CONFLICTS, {})).bookingConflicts.edges.map((edge) => edge.node);
    expect(logged).toEqual([
      expect.objectContaining({
        type: 'DOUBLE_BOOKING',
        status: 'OPEN',
        severity: 'MEDIUM',
        conflictingBooking: { id: booking.id },
        resource: { id: resource.id },
        attemptedBy: { id: owner.userId },
        attemptedStartsAt: slot(6, 11).startsAt,
      }),
    ]);
    expectErrorCode(await member.request(CONFLICTS, {}), 'FORBIDDEN');
    const resolved = expectData(
      await owner.request(RESOLVE, { id: logged[0]!.id, input: { status: 'RESOLVED', resolution: 'Moved to 12:00' } }),
    ).resolveBookingConflict;
    expect(resolved).toEqual({ status: 'RESOLVED', resolution: 'Moved to 12:00', resolvedBy: { id: owner.userId } });
  });

  it('20 parallel bookings of one slot: exactly one succeeds, 19 get CONFLICT naming it, 19 conflicts are logged', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const resource = await createResource(owner);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 ? member : owner).request(BOOK, { input: { resourceId: resource.id, ...slot(7, 9) } }),
      ),
    );
    const winners = responses.filter((response) => response.data?.bookResource);
    expect(winners).toHaveLength(1);
    const winnerId = winners[0]!.data!.bookResource.id;
    const losers = responses.filter((response) => !response.data?.bookResource);
    expect(
      losers.map((response) => [response.errors?.[0]?.extensions?.code, response.errors?.[0]?.extensions?.conflictingBookingId]),
    ).toEqual(Array.from({ length: 19 }, () => ['CONFLICT', winnerId]));
    const prisma = stack.prisma<SchedulingClient>('scheduling');
    expect(await prisma.bookingConflict.count({ where: { resourceId: resource.id, conflictingBookingId: winnerId } })).toBe(19);
    expect(await prisma.booking.count({ where: { resourceId: resource.id } })).toBe(1);
  });

  it('refuses times against the rules with BAD_USER_INPUT, and roles the resource does not list with FORBIDDEN', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const moderator = await stack.addMember(owner, 'MODERATOR');
    const resource = await createResource(owner, {
      timeZone: 'America/New_York',
      allowedRoles: ['MODERATOR'],
      minDurationMinutes: 30,
      maxDurationMinutes: 120,
    });
    const expectRule = async (times: { startsAt: string; endsAt: string }, pattern: RegExp) =>
      expect(
        expectErrorCode(await moderator.request(BOOK, { input: { resourceId: resource.id, ...times } }), 'BAD_USER_INPUT').message,
      ).toMatch(pattern);

    // New York is UTC-5 in January: 12:00Z is 07:00 local, before the 08:00 opening.
    await expectRule(slot(8, 12), /2031-01-08T07:00-05:00 \(America\/New_York\) to .* is outside the open hours/);
    await expectRule(slot(8, 15, 3), /180 minutes is longer than the 120-minute maximum/);
    await expectRule(
      { startsAt: '2020-01-08T15:00:00.000Z', endsAt: '2020-01-08T16:00:00.000Z' },
      /startsAt: must be at least 0 minutes from now/,
    );
    expectData(
      await owner.request(ADD_BLACKOUT, {
        input: { resourceId: resource.id, startsOn: '2031-01-09', endsOn: '2031-01-09', reason: 'Deep clean' },
      }),
    );
    await expectRule(slot(9, 15), /2031-01-09 is a blackout date of resource Studio A \(.*\) \(Deep clean\)/);

    const forbidden = expectErrorCode(await member.request(BOOK, { input: { resourceId: resource.id, ...slot(8, 15) } }), 'FORBIDDEN');
    expect(forbidden.message).toMatch(/may be booked by MODERATOR \(and admins\); you are MEMBER/);
    expectData(await moderator.request(BOOK, { input: { resourceId: resource.id, ...slot(8, 15) } }));

    const elsewhere = await stack.createOrganization();
    expectErrorCode(await elsewhere.request(BOOK, { input: { resourceId: resource.id, ...slot(8, 17) } }), 'NOT_FOUND');
  });

  it('waits for an admin when the resource does not auto-approve; rejected and cancelled bookings free the slot', async () => {
    const owner = await stack.createOrganization();
    const member = await stack.addMember(owner, 'MEMBER');
    const other = await stack.addMember(owner, 'MEMBER');
    const resource = await createResource(owner, { autoApprove: false });
    const pending = expectData(await member.request(BOOK, { input: { resourceId: resource.id, ...slot(10, 9) } })).bookResource;
    expect(pending).toMatchObject({ status: 'PENDING', autoApproved: false });
    // A pending booking already holds its time.
    expectErrorCode(await other.request(BOOK, { input: { resourceId: resource.id, ...slot(10, 9) } }), 'CONFLICT');

    expectErrorCode(await member.request(APPROVE, { id: pending.id }), 'FORBIDDEN');
    expect(expectData(await owner.request(REJECT, { id: pending.id, reason: 'Reserved for a class' })).rejectBooking).toEqual({
      status: 'REJECTED',
      resolutionNotes: 'Reserved for a class',
    });
    expect(expectErrorCode(await owner.request(APPROVE, { id: pending.id }), 'CONFLICT').message).toBe(
      `Booking ${pending.id} is REJECTED; only a PENDING booking can become APPROVED`,
    );

    const second = expectData(await other.request(BOOK, { input: { resourceId: resource.id, ...slot(10, 9) } })).bookResource;
    expect(expectData(await owner.request(APPROVE, { id: second.id })).approveBooking).toEqual({
      status: 'APPROVED',
      decidedBy: { id: owner.userId },
    });
    expectErrorCode(await member.request(CANCEL, { id: second.id }), 'FORBIDDEN');
    expect(expectData(await other.request(CANCEL, { id: second.id })).cancelBooking.status).toBe('CANCELLED');
    const third = expectData(await member.request(BOOK, { input: { resourceId: resource.id, ...slot(10, 9) } })).bookResource;

    const live = expectData(
      await member.request(BOOKINGS, { resourceId: resource.id, status: 'PENDING', from: slot(10, 0).startsAt }),
    ).bookings;
    expect(live.edges.map((edge) => edge.node.id)).toEqual([third.id]);
  });
});
