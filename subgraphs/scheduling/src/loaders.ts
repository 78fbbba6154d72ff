import type { Viewer } from '@plaza/auth';
import type { z } from 'zod';
import { createGroupedLoader, createKeyedLoader, createPagedLoader, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { AppointmentRecord } from './appointment/appointment.repository.ts';
import type { BookingRecord } from './booking/booking.repository.ts';
import type { CalendarRecord } from './calendar/calendar.repository.ts';
import type { ExternalBusyRecord } from './calendar-sync/calendar-sync.repository.ts';
import type { busyWindowArgs } from './calendar-sync/calendar-sync.validation.ts';
import type { SchedulingServices } from './context.ts';
import type { EventOfUser, EventRecord } from './event/event.repository.ts';
import type { ExternalRequestAttachmentRecord } from './external-request/external-request.repository.ts';
import type { SchedulingRepositories } from './repositories.ts';
import type { ResourceView } from './resource/resource.service.ts';
import type { AttendeeRecord } from './rsvp/rsvp.repository.ts';
import type { attendeeArgs } from './rsvp/rsvp.validation.ts';
import type { userBookingArgs } from './booking/booking.validation.ts';
import type { appointmentFilterArgs } from './appointment/appointment.validation.ts';
import type { eventWindowArgs } from './event/event.validation.ts';

type EventWindow = z.output<typeof eventWindowArgs>;
type UserBookingArgs = z.output<typeof userBookingArgs>;
type AttendeeArgs = z.output<typeof attendeeArgs>;
type AppointmentFilterArgs = z.output<typeof appointmentFilterArgs>;
type BusyWindow = z.output<typeof busyWindowArgs>;

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
    /** One page per user of the events they host or attend (`User.events`), one query per batch. */
    eventsByUserId: createPagedLoader<EventOfUser, ConnectionArgs & EventWindow>(
      (userIds, page) => services.events.listInvolving(viewer, userIds, page),
      (event) => event.userId,
    ),
    /** One page per user of their bookings (`User.bookings`), one query per batch. */
    bookingsByBookerId: createPagedLoader<BookingRecord, ConnectionArgs & UserBookingArgs>(
      (bookerIds, page) => services.bookings.listByBookers(viewer, bookerIds, page),
      (booking) => booking.bookedById,
    ),
    /** One page per event of the members who answered it (`Event.attendees`), one query per batch. */
    attendeesByEventId: createPagedLoader<AttendeeRecord, ConnectionArgs & AttendeeArgs>(
      (eventIds, page) => services.rsvps.listAttendees(viewer, eventIds, page),
      (attendee) => attendee.eventId,
    ),
    /** One page per CRM contact of its appointments (`Contact.appointments`), one query per batch. */
    appointmentsByContactId: createPagedLoader<AppointmentRecord, ConnectionArgs & AppointmentFilterArgs>(
      (contactIds, page) => services.appointments.listByContacts(viewer, contactIds, page),
      (appointment) => appointment.contactId,
    ),
    /** The synced events of each external calendar connection in one window (`ExternalCalendarConnection.events`), one query per batch. */
    externalEventsByConnectionId: createPagedLoader<ExternalBusyRecord, BusyWindow>(
      (connectionIds, window) => services.calendarSync.busyOfConnections(viewer, connectionIds, window),
      (busy) => busy.connectionId,
    ),
  };
}

export type SchedulingLoaders = ReturnType<typeof createLoaders>;
