import { OccurrenceAttendance, analyticsQueries } from './analytics/analytics.resolvers.ts';
import { Appointment, Contact, appointmentMutations, appointmentQueries } from './appointment/appointment.resolvers.ts';
import { availabilityQueries } from './availability/availability.resolvers.ts';
import { Booking, BookingConflict, bookingMutations, bookingQueries } from './booking/booking.resolvers.ts';
import { Calendar, calendarMutations, calendarQueries } from './calendar/calendar.resolvers.ts';
import { ExternalCalendarConnection, calendarSyncMutations, calendarSyncQueries } from './calendar-sync/calendar-sync.resolvers.ts';
import { Event, eventMutations, eventQueries } from './event/event.resolvers.ts';
import { ExternalRequest, externalRequestMutations, externalRequestQueries } from './external-request/external-request.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';
import { icalMutations } from './ical/ical.resolvers.ts';
import { reminderMutations } from './reminder/reminder.resolvers.ts';
import { Resource, resourceMutations, resourceQueries } from './resource/resource.resolvers.ts';
import { Rsvp, rsvpMutations, rsvpQueries } from './rsvp/rsvp.resolvers.ts';
import { settingsMutations, settingsQueries } from './settings/settings.resolvers.ts';
import { User } from './user/user.resolvers.ts';

export const resolvers: Resolvers = {
  Query: {
    ...analyticsQueries,
    ...eventQueries,
    ...calendarQueries,
    ...settingsQueries,
    ...resourceQueries,
    ...bookingQueries,
    ...rsvpQueries,
    ...availabilityQueries,
    ...appointmentQueries,
    ...calendarSyncQueries,
    ...externalRequestQueries,
  },
  Mutation: {
    ...eventMutations,
    ...calendarMutations,
    ...settingsMutations,
    ...resourceMutations,
    ...bookingMutations,
    ...rsvpMutations,
    ...appointmentMutations,
    ...reminderMutations,
    ...icalMutations,
    ...calendarSyncMutations,
    ...externalRequestMutations,
  },
  Appointment,
  Booking,
  BookingConflict,
  Calendar,
  ExternalCalendarConnection,
  Contact,
  Resource,
  Rsvp,
  Event,
  ExternalRequest,
  OccurrenceAttendance,
  User,
};
