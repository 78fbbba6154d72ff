import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  afterId,
  afterInstant,
  DomainError,
  idCursor,
  instantCursor,
  invalidInput,
  isExclusionViolation,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type DataAccess,
  type TenantScope,
} from '@plaza/subgraph-kit';
import type { EventType } from '@plaza/events';
import type { z } from 'zod';
import type { SchedulingRepositories } from '../repositories.ts';
import type { CalendarSyncService } from '../calendar-sync/calendar-sync.service.ts';
import type { ResourceService, ResourceView } from '../resource/resource.service.ts';
import type { BookingConflictRecord } from './booking-conflict.repository.ts';
import { bookingRuleViolation } from './booking-rules.ts';
import { LIVE_STATUSES, type BookingKey, type BookingRecord, type BookingStatus } from './booking.repository.ts';
import type {
  bookResourceInput,
  bookingFilterArgs,
  conflictFilterArgs,
  resolveConflictInput,
  userBookingArgs,
} from './booking.validation.ts';

const MINUTE = 60_000;
/** The exclusion constraint of the resources_and_bookings migration. */
const NO_OVERLAP = 'Booking_no_overlap';

/** What `place` books: the resource as read, the time, and who books it. */
export interface Placement {
  organizationId: string;
  resource: ResourceView;
  startsAt: Date;
  endsAt: Date;
  notes: string | null;
  source: BookingRecord['source'];
  /** Whom the booking is for. */
  bookedById: string;
  /** Who caused it, for the events; null for an integration (an API key, a webhook). */
  actorId: string | null;
}

const bookingCursor = (booking: BookingRecord) => instantCursor(booking.startsAt, booking.id);

function afterBooking(args: ConnectionArgs): BookingKey | undefined {
  const key = afterInstant(args, 'a booking');
  return key && { startsAt: key.at, id: key.id };
}

/**
 * Bookings of resources. The rules of the resource are checked here; that no two live bookings
 * of one resource overlap is left to the database's exclusion constraint, which alone is right
 * under concurrency. A refused attempt is logged as a conflict for admins.
 */
export class BookingService {
  constructor(
    private readonly deps: {
      data: DataAccess<SchedulingRepositories>;
      resources: Pick<ResourceService, 'findVisibleByIds'>;
      externalBusy: Pick<CalendarSyncService, 'busyOfTarget'>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<BookingRecord[]> {
    // An API key reaches them as fields of what it may read (an external request's booking).
    if (!viewer.organizationId || (!viewer.userId && !viewer.apiKey)) return [];
    return this.deps.data.repositories(viewer).bookings.findByIds(viewer.organizationId, ids);
  }

  /** `load` is the request's loader over `findVisibleByIds`. */
  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<BookingRecord | null>): Promise<BookingRecord> {
    requireMember(viewer);
    const booking = await load(id);
    if (!booking) throw notFound('Booking', id);
    return booking;
  }

  async list(viewer: Viewer, args: ConnectionArgs & z.output<typeof bookingFilterArgs>): Promise<Connection<BookingRecord>> {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data.repositories(viewer).bookings.list(organizationId, {
      resourceId: args.resourceId,
      status: args.status,
      from: args.from,
      to: args.to,
      after: afterBooking(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, bookingCursor);
  }

  /**
   * A member's bookings are theirs and the admins' to see, as commerce's orders are: anyone else
   * asking is refused (FORBIDDEN) rather than shown an empty list that would read as "none".
   */
  assertMaySeeBookingsOf(viewer: Viewer, userId: string): void {
    const { userId: viewerId, role } = requireMember(viewer);
    if (userId === viewerId || roleAtLeast(role, 'ADMIN')) return;
    throw new DomainError('FORBIDDEN', `Bookings of user ${userId} are theirs and admins' to see; you are ${role}`, { userId });
  }

  /** One page of bookings per booker, for the bookers of one batch; every booker shares `args`. */
  async listByBookers(
    viewer: Viewer,
    bookerIds: readonly string[],
    args: ConnectionArgs & z.output<typeof userBookingArgs>,
  ): Promise<BookingRecord[]> {
    const { organizationId, userId, role } = requireMember(viewer);
    const visible = roleAtLeast(role, 'ADMIN') ? bookerIds : bookerIds.filter((id) => id === userId);
    return this.deps.data.repositories(viewer).bookings.listByBookers(organizationId, visible, {
      status: args.status,
      after: afterBooking(args),
      take: args.first + 1,
    });
  }

  /** One booker's page from the rows `listByBookers` fetched for them. */
  bookingsPage(rows: BookingRecord[], args: ConnectionArgs): Connection<BookingRecord> {
    return toConnection(rows, args.first, bookingCursor);
  }

  async book(viewer: Viewer, input: z.output<typeof bookResourceInput>): Promise<BookingRecord> {
    const { organizationId, userId, role } = requireMember(viewer);
    const [resource] = await this.deps.resources.findVisibleByIds(viewer, [input.resourceId]);
    if (!resource) throw notFound('Resource', input.resourceId);
    assertMayBook(resource, role);
    if (input.source === 'MANUAL') requireRole(viewer, 'ADMIN');
    return this.place(viewer, { organizationId, actorId: userId, bookedById: userId, resource, ...input });
  }

  /**
   * Books `resource` by its rules (open hours, blackouts, duration, lead time; BAD_USER_INPUT
   * naming the rule) in one transaction, in which `alongside` runs too (an external request
   * linked to the booking): if either fails, neither is written. Who may book was checked by
   * the caller. CONFLICT, with `conflictingBookingId`, when a live booking holds the time (the
   * attempt is logged).
   */
  async place(
    scope: TenantScope,
    placement: Placement,
    alongside?: (repositories: SchedulingRepositories, booking: BookingRecord) => Promise<void>,
  ): Promise<BookingRecord> {
    const { organizationId, actorId, resource } = placement;
    const violation = bookingRuleViolation(resource, placement.startsAt, placement.endsAt, this.now());
    if (violation) throw invalidInput(violation.field, violation.message);

    const blockedFrom = new Date(placement.startsAt.getTime() - resource.bufferBeforeMinutes * MINUTE);
    const blockedUntil = new Date(placement.endsAt.getTime() + resource.bufferAfterMinutes * MINUTE);
    // Synced events change only when their calendar does, so a check before the insert suffices.
    const [external] = await this.deps.externalBusy.busyOfTarget(
      scope,
      organizationId,
      { type: 'RESOURCE', id: resource.id },
      blockedFrom,
      blockedUntil,
    );
    if (external)
      throw new DomainError(
        'CONFLICT',
        `Resource ${resource.name} (${resource.id}) is busy in its synced external calendar from ${external.startsAt.toISOString()} to ${external.endsAt.toISOString()} ("${external.title}", connection ${external.connectionId})`,
        { connectionId: external.connectionId, externalEventId: external.externalEventId },
      );
    try {
      return await this.deps.data.transaction(scope, async (repositories) => {
        const { bookings, outbox } = repositories;
        const booking = await bookings.create({
          organizationId,
          resourceId: resource.id,
          bookedById: placement.bookedById,
          startsAt: placement.startsAt,
          endsAt: placement.endsAt,
          blockedFrom,
          blockedUntil,
          status: resource.autoApprove ? 'APPROVED' : 'PENDING',
          source: placement.source,
          notes: placement.notes,
          autoApproved: resource.autoApprove,
        });
        await outbox.record({
          ...bookingEvent('scheduling.booking.requested', booking, actorId),
          payload: { ...bookingFacts(booking), source: booking.source, status: booking.status === 'APPROVED' ? 'APPROVED' : 'PENDING' },
        });
        if (booking.autoApproved) {
          await outbox.record({
            ...bookingEvent('scheduling.booking.approved', booking, actorId),
            payload: { ...bookingFacts(booking), autoApproved: true },
          });
        }
        await alongside?.(repositories, booking);
        return booking;
      });
    } catch (error) {
      if (!isExclusionViolation(error, NO_OVERLAP)) throw error;
      // The refused insert rolled its transaction back, so the log is written in one of its own.
      // The booking that won has committed by now: the constraint waited for it before refusing.
      const conflict = await this.deps.data.transaction(scope, async ({ bookings, bookingConflicts, outbox }) => {
        const [holder] = await bookings.findLiveOverlapping(organizationId, resource.id, blockedFrom, blockedUntil);
        const logged = await bookingConflicts.create({
          organizationId,
          type: 'DOUBLE_BOOKING',
          resourceId: resource.id,
          attemptedById: placement.bookedById,
          attemptedStartsAt: placement.startsAt,
          attemptedEndsAt: placement.endsAt,
          conflictingBookingId: holder?.id ?? null,
          severity: 'MEDIUM',
        });
        await outbox.record({
          type: 'scheduling.conflict.logged',
          organizationId,
          actorId,
          subject: { type: 'Resource', id: resource.id },
          payload: {
            conflictId: logged.id,
            conflictType: logged.type,
            resourceId: resource.id,
            attemptedById: placement.bookedById,
            conflictingBookingId: logged.conflictingBookingId,
            severity: logged.severity,
          },
        });
        return logged;
      });
      throw new DomainError(
        'CONFLICT',
        `Resource ${resource.name} (${resource.id}) is already booked between ${blockedFrom.toISOString()} and ${blockedUntil.toISOString()}` +
          (conflict.conflictingBookingId ? ` (booking ${conflict.conflictingBookingId})` : '') +
          (blockedFrom < placement.startsAt || blockedUntil > placement.endsAt ? ', buffers included' : ''),
        { conflictingBookingId: conflict.conflictingBookingId, conflictId: conflict.id },
      );
    }
  }

  approve(viewer: Viewer, id: string): Promise<BookingRecord> {
    const { userId } = requireRole(viewer, 'ADMIN');
    return this.decide(viewer, id, ['PENDING'], { status: 'APPROVED', decidedById: userId, decidedAt: this.now() });
  }

  reject(viewer: Viewer, id: string, reason: string | null): Promise<BookingRecord> {
    const { userId } = requireRole(viewer, 'ADMIN');
    return this.decide(viewer, id, ['PENDING'], {
      status: 'REJECTED',
      decidedById: userId,
      decidedAt: this.now(),
      resolutionNotes: reason,
    });
  }

  /** The booker or an admin calls off a live booking; its time is free at once. */
  async cancel(viewer: Viewer, id: string, reason: string | null): Promise<BookingRecord> {
    const { organizationId, userId, role } = requireMember(viewer);
    const [booking] = await this.deps.data.repositories(viewer).bookings.findByIds(organizationId, [id]);
    if (!booking) throw notFound('Booking', id);
    if (booking.bookedById !== userId && !roleAtLeast(role, 'ADMIN')) {
      throw new DomainError('FORBIDDEN', `Booking ${id} is someone else's: cancelling it needs the ADMIN role or higher; you are ${role}`, {
        requiredRole: 'ADMIN',
      });
    }
    return this.decide(viewer, id, LIVE_STATUSES, {
      status: 'CANCELLED',
      decidedById: userId,
      decidedAt: this.now(),
      resolutionNotes: reason,
    });
  }

  private async decide(
    viewer: Viewer,
    id: string,
    from: readonly BookingStatus[],
    decision: Parameters<SchedulingRepositories['bookings']['decide']>[2],
  ): Promise<BookingRecord> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ bookings, outbox }) => {
      const [booking] = await bookings.findByIds(organizationId, [id]);
      if (!booking) throw notFound('Booking', id);
      const decided = await bookings.decide(id, from, decision);
      if (!decided) {
        throw new DomainError(
          'CONFLICT',
          `Booking ${id} is ${booking.status}; only a ${from.join(' or ')} booking can become ${decision.status}`,
          {
            status: booking.status,
          },
        );
      }
      const facts = bookingFacts(decided);
      const reason = decided.resolutionNotes ?? null;
      if (decided.status === 'APPROVED')
        await outbox.record({
          ...bookingEvent('scheduling.booking.approved', decided, userId),
          payload: { ...facts, autoApproved: false },
        });
      else if (decided.status === 'REJECTED')
        await outbox.record({ ...bookingEvent('scheduling.booking.rejected', decided, userId), payload: { ...facts, reason } });
      else if (decided.status === 'CANCELLED')
        await outbox.record({ ...bookingEvent('scheduling.booking.cancelled', decided, userId), payload: { ...facts, reason } });
      return decided;
    });
  }

  async listConflicts(
    viewer: Viewer,
    args: ConnectionArgs & z.output<typeof conflictFilterArgs>,
  ): Promise<Connection<BookingConflictRecord>> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const rows = await this.deps.data.repositories(viewer).bookingConflicts.list(organizationId, {
      status: args.status,
      beforeId: afterId(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  async resolveConflict(viewer: Viewer, id: string, input: z.output<typeof resolveConflictInput>): Promise<BookingConflictRecord> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ bookingConflicts }) => {
      const conflict = await bookingConflicts.findById(organizationId, id);
      if (!conflict) throw notFound('Booking conflict', id);
      const settled = input.status === 'RESOLVED' || input.status === 'IGNORED';
      return bookingConflicts.update(id, {
        status: input.status,
        resolution: input.resolution ?? conflict.resolution,
        resolvedById: settled ? userId : null,
        resolvedAt: settled ? this.now() : null,
      });
    });
  }
}

/** The envelope of a booking's domain event. */
const bookingEvent = <Type extends EventType>(type: Type, booking: BookingRecord, actorId: string | null) => ({
  type,
  organizationId: booking.organizationId,
  actorId,
  subject: { type: 'Booking', id: booking.id },
});

/** What every booking event says about the booking. */
const bookingFacts = (booking: BookingRecord) => ({
  bookingId: booking.id,
  resourceId: booking.resourceId,
  bookedById: booking.bookedById,
  startsAt: booking.startsAt.toISOString(),
  endsAt: booking.endsAt.toISOString(),
});

/** Admins and owners book anything; others only resources that list their role, or list none. */
function assertMayBook(resource: ResourceView, role: NonNullable<Viewer['role']>): void {
  if (roleAtLeast(role, 'ADMIN') || resource.allowedRoles.length === 0 || resource.allowedRoles.includes(role)) return;
  throw new DomainError(
    'FORBIDDEN',
    `Resource ${resource.name} (${resource.id}) may be booked by ${resource.allowedRoles.join(', ')} (and admins); you are ${role}`,
    { allowedRoles: resource.allowedRoles },
  );
}
