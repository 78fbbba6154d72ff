import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader, createPagedLoader, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { AppointmentRecord } from './appointment/appointment.repository.ts';
import type { BookingRecord } from './booking/booking.repository.ts';
import type { CalendarRecord } from './calendar/calendar.repository.ts';
import type { SchedulingServices } from './context.ts';
import type { EventRecord } from './event/event.repository.ts';
import type { ExternalRequestAttachmentRecord } from './external-request/external-request.repository.ts';
import type { SchedulingRepositories } from './repositories.ts';
import type { ResourceView } from './resource/resource.service.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders({
  viewer,
  services,
}: {
  repositories: SchedulingRepositories;
  viewer: Viewer;
  services: SchedulingServices;
}) {
  return {
    /** Calendars of the viewer's organization; null for any other id. */
    calendarById: createKeyedLoader<string, CalendarRecord>(
      (ids) => services.calendars.findVisibleByIds(viewer, ids),
      (calendar) => calendar.id,
    ),
    /** The calendar created with each resource. */
    resourceCalendarByResourceId: createKeyedLoader<string, CalendarRecord>(
      (ids) => services.calendars.findByResourceIds(viewer, ids),
      (calendar) => calendar.ownerId ?? '',
    ),
    /** Resources of the viewer's organization; null for any other id. */
    resourceById: createKeyedLoader<string, ResourceView>(
      (ids) => services.resources.findVisibleByIds(viewer, ids),
      (resource) => resource.id,
    ),
    /** Appointments of the viewer's organization; null for any other id. */
    appointmentById: createKeyedLoader<string, AppointmentRecord>(
      (ids) => services.appointments.findVisibleByIds(viewer, ids),
      (appointment) => appointment.id,
    ),
    /** Bookings of the viewer's organization; null for any other id. */
    bookingById: createKeyedLoader<string, BookingRecord>(
      (ids) => services.bookings.findVisibleByIds(viewer, ids),
      (booking) => booking.id,
    ),
    /** The files of each external request of the viewer's organization. */
    attachmentsByRequestId: createGroupedLoader<string, ExternalRequestAttachmentRecord>(
      (ids) => services.externalRequests.attachmentsOf(viewer, ids),
      (attachment) => attachment.requestId,
    ),
    /** Events of the viewer's organization; null for any other id, including other organizations'. */
    eventById: createKeyedLoader(
      (ids: readonly string[]) => services.events.findVisibleByIds(viewer, ids),
      (event) => event.id,
    ),
    /**
     * One page of hosted events per host id. Every `User.hostedEvents` in a query with the same
     * page arguments shares one query, so a list of users costs one round trip.
     */
    hostedEventsByHostId: createPagedLoader<EventRecord, ConnectionArgs>(
      (hostIds, page) => services.events.listByHosts(viewer, hostIds, page),
      (event) => event.hostId,
    ),
  };
}

export type SchedulingLoaders = ReturnType<typeof createLoaders>;
