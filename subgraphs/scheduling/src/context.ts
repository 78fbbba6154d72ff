import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { AnalyticsService } from './analytics/analytics.service.ts';
import { AppointmentService } from './appointment/appointment.service.ts';
import { AvailabilityService } from './availability/availability.service.ts';
import { BookingService } from './booking/booking.service.ts';
import { CalendarService } from './calendar/calendar.service.ts';
import { EventService } from './event/event.service.ts';
import type { SchedulingLoaders } from './loaders.ts';
import type { SchedulingRepositories } from './repositories.ts';
import { IcalService } from './ical/ical.service.ts';
import { ReminderService } from './reminder/reminder.service.ts';
import { ResourceService } from './resource/resource.service.ts';
import { RsvpService } from './rsvp/rsvp.service.ts';
import { CalendarSettingsService } from './settings/settings.service.ts';
import { TicketService } from './ticket/ticket.service.ts';

export const schedulingSettings = z.object({
  /** How often the reminder poller looks for due reminders, in milliseconds. */
  PLAZA_REMINDER_INTERVAL_MS: z.coerce.number().int().min(10).default(30_000),
  /** Where clients reach scheduling's HTTP routes (calendar feeds): the base of the feed URLs it hands out. */
  PLAZA_SCHEDULING_PUBLIC_URL: z.url().default('http://localhost:4005'),
});

type SchedulingSettings = z.output<typeof schedulingSettings>;

export function createServices({ data, members, settings }: ServiceDependencies<SchedulingRepositories, SchedulingSettings>) {
  const calendarSettings = new CalendarSettingsService({ data });
  const resources = new ResourceService({ data, settings: calendarSettings });
  const events = new EventService({ data, members });
  return {
    resources,
    bookings: new BookingService({ data, resources }),
    calendarSettings,
    calendars: new CalendarService({ data, members, settings: calendarSettings }),
    events,
    availability: new AvailabilityService({ data, members, resources, settings: calendarSettings, events }),
    rsvps: new RsvpService({ data }),
    appointments: new AppointmentService({ data, members }),
    reminders: new ReminderService({ data }),
    tickets: new TicketService({ data }),
    analytics: new AnalyticsService({ data, resources, settings: calendarSettings }),
    ical: new IcalService({ data, publicUrl: settings.PLAZA_SCHEDULING_PUBLIC_URL }),
  };
}

export type SchedulingServices = ReturnType<typeof createServices>;

export type SchedulingContext = SubgraphContext<SchedulingServices, SchedulingLoaders>;
