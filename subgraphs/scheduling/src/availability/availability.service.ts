import type { Viewer } from '@plaza/auth';
import { notFound, requireMember, type DataAccess, type MemberDirectory } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { CalendarSyncService } from '../calendar-sync/calendar-sync.service.ts';
import type { EventService } from '../event/event.service.ts';
import type { SchedulingRepositories } from '../repositories.ts';
import type { ResourceService } from '../resource/resource.service.ts';
import type { CalendarSettingsService } from '../settings/settings.service.ts';
import { freeSlots, type Span } from '../time/free-slots.ts';
import type { availabilityArgs } from './availability.validation.ts';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** Most slots one query returns. */
const MAX_SLOTS = 500;

/** Free time of a resource or a member, for choosing when to book or meet. */
export class AvailabilityService {
  constructor(
    private readonly deps: {
      data: DataAccess<SchedulingRepositories>;
      members: Pick<MemberDirectory, 'requireActive'>;
      resources: Pick<ResourceService, 'findVisibleByIds'>;
      settings: Pick<CalendarSettingsService, 'find'>;
      events: Pick<EventService, 'occurrences'>;
      externalBusy: Pick<CalendarSyncService, 'busyOfTarget'>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Slots a booking of the resource could take: its open hours and blackout dates in its time
   * zone, its lead time, the time its live bookings block and the events of the external
   * calendars synced to it, with the buffers a new booking would add.
   */
  async forResource(viewer: Viewer, args: z.output<typeof availabilityArgs>): Promise<Span[]> {
    const { organizationId } = requireMember(viewer);
    const [resource] = await this.deps.resources.findVisibleByIds(viewer, [args.id]);
    if (!resource) throw notFound('Resource', args.id);
    // Bookings that start or end up to a day outside the window can still block inside it.
    const [from, to] = [new Date(args.from.getTime() - DAY), new Date(args.to.getTime() + DAY)];
    const [bookings, external] = await Promise.all([
      this.deps.data.repositories(viewer).bookings.findLiveOverlapping(organizationId, resource.id, from, to),
      this.deps.externalBusy.busyOfTarget(viewer, organizationId, { type: 'RESOURCE', id: resource.id }, from, to),
    ]);
    return freeSlots({
      policy: resource,
      from: args.from,
      to: args.to,
      durationMinutes: Math.max(args.durationMinutes, resource.minDurationMinutes),
      stepMinutes: args.stepMinutes,
      earliest: new Date(this.now().getTime() + resource.leadTimeMinutes * MINUTE),
      busy: [...bookings.map((booking) => ({ startsAt: booking.blockedFrom, endsAt: booking.blockedUntil })), ...external],
      bufferBeforeMinutes: resource.bufferBeforeMinutes,
      bufferAfterMinutes: resource.bufferAfterMinutes,
      limit: MAX_SLOTS,
    });
  }

  /**
   * Slots a member is free: the organization's working hours in its default time zone, less the
   * occurrences they host, those they hold a seat at, their live appointments and the events of
   * the external calendars synced to them.
   */
  async forUser(viewer: Viewer, args: z.output<typeof availabilityArgs>): Promise<Span[]> {
    const { organizationId } = requireMember(viewer);
    await this.deps.members.requireActive(viewer, [args.id]);
    const settings = await this.deps.settings.find(viewer);
    const repositories = this.deps.data.repositories(viewer);
    const seats = await repositories.rsvps.findSeatedByUser(organizationId, args.id, new Date(args.from.getTime() - 7 * DAY), args.to);
    const [occurrences, appointments, external] = await Promise.all([
      this.deps.events.occurrences(
        viewer,
        { from: args.from, to: args.to },
        { userId: args.id, eventIds: [...new Set(seats.map((seat) => seat.eventId))] },
      ),
      repositories.appointments.findLiveOverlapping(organizationId, args.id, args.from, args.to),
      this.deps.externalBusy.busyOfTarget(viewer, organizationId, { type: 'USER', id: args.id }, args.from, args.to),
    ]);
    const seated = new Set(seats.map((seat) => `${seat.eventId}|${seat.occurrenceStartsAt.getTime()}`));
    const busy = [
      ...occurrences.filter(
        (occurrence) =>
          occurrence.event.hostId === args.id || seated.has(`${occurrence.event.id}|${occurrence.originalStartsAt.getTime()}`),
      ),
      ...appointments,
      ...external,
    ];
    return freeSlots({
      policy: { timeZone: settings.defaultTimeZone, openHours: settings.workingHours, blackouts: [] },
      from: args.from,
      to: args.to,
      durationMinutes: args.durationMinutes,
      stepMinutes: args.stepMinutes,
      earliest: this.now(),
      busy,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      limit: MAX_SLOTS,
    });
  }
}
