import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AnalyticsService } from './analytics/analytics.service.ts';
import { AppointmentService } from './appointment/appointment.service.ts';
import { AvailabilityService } from './availability/availability.service.ts';
import { BookingService } from './booking/booking.service.ts';
import { CalendarService } from './calendar/calendar.service.ts';
import { calendarProviders } from './calendar-sync/calendar-providers.ts';
import { CalendarSyncService } from './calendar-sync/calendar-sync.service.ts';
import { ConnectionSecrets } from './calendar-sync/connection-secrets.ts';
import { EventService } from './event/event.service.ts';
import { ExternalRequestService } from './external-request/external-request.service.ts';
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
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** How often each external calendar is synced, in milliseconds; a verified webhook notification brings it forward. */
  PLAZA_CALENDAR_SYNC_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  /** AES-256 key (base64, 32 bytes) the external calendars' feed URLs, tokens and webhook secrets are encrypted with; required in production. */
  SCHEDULING_CONNECTION_KEY: z
    .string()
    .refine((text) => Buffer.from(text, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  /**
   * Every external request source's webhook signing secret is derived from this key (HMAC), so the
   * database holds no secret. Changing it invalidates every source's secret.
   */
  PLAZA_EXTERNAL_REQUEST_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
});

type SchedulingSettings = z.output<typeof schedulingSettings>;

function connectionSecrets(settings: SchedulingSettings): ConnectionSecrets {
  if (!settings.SCHEDULING_CONNECTION_KEY && settings.NODE_ENV === 'production')
    throw new Error('SCHEDULING_CONNECTION_KEY is required in production: external calendar secrets are encrypted with it');
  // Without a configured key, stored secrets open only in the process that sealed them: fine for development only.
  return new ConnectionSecrets(
    settings.SCHEDULING_CONNECTION_KEY ? Buffer.from(settings.SCHEDULING_CONNECTION_KEY, 'base64') : randomBytes(32),
  );
}

/**
 * Outside production a fixed development key keeps sources' secrets valid across restarts; in
 * production a known key would let anyone who reads a source's salt derive its secret.
 */
function externalRequestSigningKey(settings: SchedulingSettings): string {
  if (settings.PLAZA_EXTERNAL_REQUEST_SIGNING_KEY) return settings.PLAZA_EXTERNAL_REQUEST_SIGNING_KEY;
  if (settings.NODE_ENV === 'production')
    throw new Error("PLAZA_EXTERNAL_REQUEST_SIGNING_KEY is required in production: webhook sources' secrets are derived from it");
  return 'development-only-external-request-signing-key';
}

/** The poller wakes this often (or at the sync interval, when shorter), so a webhook's sync waits at most this long. */
export const syncPollMs = (settings: SchedulingSettings) => Math.min(settings.PLAZA_CALENDAR_SYNC_INTERVAL_MS, 30_000);

export function createServices({ data, members, settings }: ServiceDependencies<SchedulingRepositories, SchedulingSettings>) {
  const calendarSettings = new CalendarSettingsService({ data });
  const resources = new ResourceService({ data, settings: calendarSettings });
  const events = new EventService({ data, members });
  const calendarSync = new CalendarSyncService({
    data,
    members,
    resources,
    secrets: connectionSecrets(settings),
    providers: calendarProviders(),
    intervalMs: settings.PLAZA_CALENDAR_SYNC_INTERVAL_MS,
  });
  const bookings = new BookingService({ data, resources, externalBusy: calendarSync });
  return {
    resources,
    calendarSync,
    bookings,
    calendarSettings,
    calendars: new CalendarService({ data, members, settings: calendarSettings }),
    events,
    availability: new AvailabilityService({ data, members, resources, settings: calendarSettings, events, externalBusy: calendarSync }),
    rsvps: new RsvpService({ data }),
    appointments: new AppointmentService({ data, members }),
    reminders: new ReminderService({ data }),
    tickets: new TicketService({ data }),
    externalRequests: new ExternalRequestService({
      data,
      members,
      resources,
      bookings,
      signingKey: externalRequestSigningKey(settings),
    }),
    analytics: new AnalyticsService({ data, resources, settings: calendarSettings }),
    ical: new IcalService({ data, publicUrl: settings.PLAZA_SCHEDULING_PUBLIC_URL }),
  };
}

export type SchedulingServices = ReturnType<typeof createServices>;

export type SchedulingContext = SubgraphContext<SchedulingServices, SchedulingLoaders>;
