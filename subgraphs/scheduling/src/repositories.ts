import { OutboxRepository } from '@plaza/events';
import type { RepositoriesOf } from '@plaza/subgraph-kit';
import { AnalyticsRepository } from './analytics/analytics.repository.ts';
import { AppointmentRepository } from './appointment/appointment.repository.ts';
import { BookingConflictRepository } from './booking/booking-conflict.repository.ts';
import { BookingRepository } from './booking/booking.repository.ts';
import { CalendarRepository } from './calendar/calendar.repository.ts';
import { CalendarSyncRepository } from './calendar-sync/calendar-sync.repository.ts';
import type { Db } from './db.ts';
import { EventRepository } from './event/event.repository.ts';
import { ExternalRequestRepository } from './external-request/external-request.repository.ts';
import { ReminderRepository } from './reminder/reminder.repository.ts';
import { ResourceRepository } from './resource/resource.repository.ts';
import { RsvpRepository } from './rsvp/rsvp.repository.ts';
import { CalendarSettingsRepository } from './settings/settings.repository.ts';
import { TicketRepository } from './ticket/ticket.repository.ts';

/** Every repository of scheduling over one client or transaction: the only code that touches Prisma. */
export function createRepositories(db: Db) {
  return {
    calendarSettings: new CalendarSettingsRepository(db),
    calendars: new CalendarRepository(db),
    calendarSync: new CalendarSyncRepository(db),
    events: new EventRepository(db),
    resources: new ResourceRepository(db),
    bookings: new BookingRepository(db),
    bookingConflicts: new BookingConflictRepository(db),
    rsvps: new RsvpRepository(db),
    appointments: new AppointmentRepository(db),
    reminders: new ReminderRepository(db),
    tickets: new TicketRepository(db),
    externalRequests: new ExternalRequestRepository(db),
    analytics: new AnalyticsRepository(db),
    outbox: new OutboxRepository(db),
  };
}

/** What scheduling's services see of its repositories: public methods only, so unit tests can pass fakes. */
export type SchedulingRepositories = RepositoriesOf<typeof createRepositories>;
