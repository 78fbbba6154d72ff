import { demoId, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from './db.ts';

const EVENT = 5;
// Scheduling's other demo rows: kinds 501… keep them apart from every other subgraph's.
const CALENDAR = 501;
const RESOURCE = 502;
const BOOKING = 503;
const CONFLICT = 504;
const RSVP = 505;
// Far from 505 so that other slices' new kinds can take the numbers in between.
const EXTERNAL_REQUEST = 509;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A fixed base, not "now": the seed must write the same rows on every start.
const BASE = Date.parse('2030-01-07T09:00:00.000Z');
const at = (days: number, hours = 0) => new Date(BASE + days * DAY + hours * HOUR);

const events = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    title: 'Sunrise Vinyasa',
    description: 'An energising flow to start the week. All levels.',
    startsAt: at(0),
    endsAt: at(0, 1),
    hostId: demoUsers.moderator.id,
    capacity: 20,
    location: 'Studio A',
    // Every Monday at 09:00 London time for twelve weeks, the third one off for the holiday.
    calendarId: demoId(CALENDAR, 1),
    timeZone: 'Europe/London',
    category: 'Yoga',
    recurrenceRule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=12',
    exceptionDates: [at(14)],
    recurrenceEndsAt: at(77, 1),
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    title: 'Beginners Workshop',
    description: 'Foundations of alignment and breath for newcomers.',
    startsAt: at(2, 2),
    endsAt: at(2, 4),
    hostId: demoUsers.admin.id,
    capacity: 12,
    location: 'Studio B',
    calendarId: demoId(CALENDAR, 1),
    category: 'Workshop',
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    title: 'Yin & Meditation',
    startsAt: at(4, 10),
    endsAt: at(4, 11.5),
    hostId: demoUsers.moderator.id,
    capacity: 15,
    location: 'Studio A',
  },
  {
    n: 4,
    organizationId: demoOrganization.id,
    title: 'Community Picnic',
    description: 'Bring a dish to share.',
    startsAt: at(7, 3),
    endsAt: at(7, 7),
    hostId: demoUsers.owner.id,
    location: 'Regent’s Park, by the bandstand',
  },
  {
    n: 5,
    organizationId: demoOrganization.id,
    title: 'Online Breathwork',
    startsAt: at(9, 10),
    endsAt: at(9, 11),
    hostId: demoUsers.admin.id,
    capacity: 100,
    location: 'https://meet.plaza.test/breathwork',
  },
  {
    n: 6,
    organizationId: otherOrganization.id,
    title: 'Bouldering Night',
    description: 'Members-only session on the new problems.',
    startsAt: at(1, 9),
    endsAt: at(1, 12),
    hostId: demoUsers.otherOwner.id,
    capacity: 30,
    location: 'Harbour Wall',
  },
  {
    // Already held (a fixed date in the past), so its check-ins give the attendance report numbers.
    n: 7,
    organizationId: demoOrganization.id,
    title: 'Autumn Open Day',
    description: 'Taster classes for newcomers.',
    startsAt: new Date('2026-11-07T10:00:00.000Z'),
    endsAt: new Date('2026-11-07T14:00:00.000Z'),
    hostId: demoUsers.admin.id,
    capacity: 40,
    location: 'Studio A',
    category: 'Workshop',
  },
];

/** Who answered the Open Day and whether its host checked them in: 2 of the 3 going came. */
const openDayAttendance = [
  { user: demoUsers.member, response: 'GOING', attended: true },
  { user: demoUsers.moderator, response: 'GOING', attended: true },
  { user: demoUsers.owner, response: 'GOING', attended: false },
] as const;

const open = (weekdays: number[], opens: string, closes: string) => weekdays.map((weekday) => ({ weekday, opens, closes }));
const WEEKDAYS = [1, 2, 3, 4, 5];

const resources = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    name: 'Studio A',
    type: 'SPACE' as const,
    description: 'The big studio: sprung floor, mirrors, 20 mats.',
    capacity: 20,
    timeZone: 'Europe/London',
    openHours: open([1, 2, 3, 4, 5, 6], '07:00', '21:00'),
    bufferBeforeMinutes: 15,
    bufferAfterMinutes: 15,
    minDurationMinutes: 30,
    maxDurationMinutes: 240,
    leadTimeMinutes: 60,
    autoApprove: true,
    allowedRoles: [],
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    name: 'Meeting Room',
    type: 'SPACE' as const,
    description: 'Six seats and a screen. Bookings wait for an admin.',
    capacity: 6,
    timeZone: 'Europe/London',
    openHours: open(WEEKDAYS, '09:00', '18:00'),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    minDurationMinutes: 30,
    maxDurationMinutes: 180,
    leadTimeMinutes: 0,
    autoApprove: false,
    allowedRoles: [],
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    name: 'Sound System',
    type: 'EQUIPMENT' as const,
    description: 'Speakers and a wireless microphone, for teachers.',
    capacity: null,
    timeZone: 'Europe/London',
    openHours: open([1, 2, 3, 4, 5, 6, 7], '08:00', '20:00'),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minDurationMinutes: 60,
    maxDurationMinutes: 480,
    leadTimeMinutes: 0,
    autoApprove: true,
    allowedRoles: ['MODERATOR'],
  },
  {
    n: 4,
    organizationId: otherOrganization.id,
    name: 'Training Wall',
    type: 'SPACE' as const,
    description: null,
    capacity: 8,
    timeZone: 'Europe/Amsterdam',
    openHours: open([1, 2, 3, 4, 5, 6, 7], '10:00', '22:00'),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minDurationMinutes: 60,
    maxDurationMinutes: 180,
    leadTimeMinutes: 0,
    autoApprove: true,
    allowedRoles: [],
  },
];

const booking = (resourceN: number, startsAt: Date, endsAt: Date, buffers: [number, number]) => ({
  resourceId: demoId(RESOURCE, resourceN),
  startsAt,
  endsAt,
  blockedFrom: new Date(startsAt.getTime() - buffers[0] * 60_000),
  blockedUntil: new Date(endsAt.getTime() + buffers[1] * 60_000),
});

const bookings = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    bookedById: demoUsers.member.id,
    ...booking(1, at(1, 9), at(1, 11), [15, 15]),
    status: 'APPROVED' as const,
    source: 'WEB' as const,
    notes: 'Partner acrobatics practice',
    autoApproved: true,
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    bookedById: demoUsers.moderator.id,
    ...booking(2, at(2, 1), at(2, 2), [0, 10]),
    status: 'PENDING' as const,
    source: 'WEB' as const,
    notes: 'Teacher planning meeting',
    autoApproved: false,
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    bookedById: demoUsers.admin.id,
    ...booking(3, at(3, 0), at(3, 3), [0, 0]),
    status: 'APPROVED' as const,
    source: 'MANUAL' as const,
    notes: 'Kirtan evening',
    autoApproved: true,
  },
];

/** Upserts the demo data by fixed id: idempotent across restarts. */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.calendarSettings.upsert({
      where: { organizationId: demoOrganization.id },
      create: {
        organizationId: demoOrganization.id,
        defaultTimeZone: 'Europe/London',
        weekStart: 1,
        workingHours: open(WEEKDAYS, '09:00', '18:00'),
      },
      update: {},
    });
    const calendar = {
      id: demoId(CALENDAR, 1),
      organizationId: demoOrganization.id,
      ownerType: 'ORGANIZATION' as const,
      name: 'Class timetable',
      timeZone: 'Europe/London',
      color: '#7c3aed',
    };
    await tx.calendar.upsert({ where: { id: calendar.id }, create: calendar, update: {} });
    for (const { n, ...resource } of resources) {
      const id = demoId(RESOURCE, n);
      await tx.resource.upsert({ where: { id }, create: { id, ...resource }, update: {} });
      const calendarId = demoId(CALENDAR, 10 + n);
      await tx.calendar.upsert({
        where: { id: calendarId },
        create: {
          id: calendarId,
          organizationId: resource.organizationId,
          ownerType: 'RESOURCE',
          ownerId: id,
          name: resource.name,
          timeZone: resource.timeZone,
          color: '#64748b',
        },
        update: {},
      });
    }
    const blackout = demoId(RESOURCE, 100);
    await tx.resourceBlackout.upsert({
      where: { id: blackout },
      create: {
        id: blackout,
        organizationId: demoOrganization.id,
        resourceId: demoId(RESOURCE, 1),
        startsOn: new Date('2030-12-24T00:00:00Z'),
        endsOn: new Date('2030-12-26T00:00:00Z'),
        reason: 'Studio closed for the holidays',
      },
      update: {},
    });
    for (const { n, ...event } of events) {
      const data = { description: null, capacity: null, ...event };
      await tx.event.upsert({
        where: { id: demoId(EVENT, n) },
        create: { id: demoId(EVENT, n), recurrenceEndsAt: event.endsAt, ...data },
        update: {},
      });
    }
    for (const { n, ...row } of bookings) {
      await tx.booking.upsert({ where: { id: demoId(BOOKING, n) }, create: { id: demoId(BOOKING, n), ...row }, update: {} });
    }
    // Someone tried Studio A while booking 1 held it: the database refused, and the attempt was logged.
    const conflict = demoId(CONFLICT, 1);
    await tx.bookingConflict.upsert({
      where: { id: conflict },
      create: {
        id: conflict,
        organizationId: demoOrganization.id,
        type: 'DOUBLE_BOOKING',
        resourceId: demoId(RESOURCE, 1),
        attemptedById: demoUsers.moderator.id,
        attemptedStartsAt: at(1, 10),
        attemptedEndsAt: at(1, 12),
        conflictingBookingId: demoId(BOOKING, 1),
        severity: 'MEDIUM',
      },
      update: {},
    });
    // RSVPs to the first Sunrise Vinyasa.
    for (const [index, user] of [demoUsers.member, demoUsers.admin, demoUsers.owner].entries()) {
      const id = demoId(RSVP, index + 1);
      await tx.rsvp.upsert({
        where: { id },
        create: {
          id,
          organizationId: demoOrganization.id,
          eventId: demoId(EVENT, 1),
          occurrenceStartsAt: at(0),
          userId: user.id,
          response: index === 2 ? 'MAYBE' : 'GOING',
          respondedAt: at(-3, index),
        },
        update: {},
      });
    }
    // The website's contact form asks for Studio A; it waits, PENDING, for an admin to convert it.
    await tx.externalRequest.upsert({
      where: { id: demoId(EXTERNAL_REQUEST, 1) },
      create: {
        id: demoId(EXTERNAL_REQUEST, 1),
        organizationId: demoOrganization.id,
        source: 'website-form',
        externalId: 'contact-1042',
        type: 'BOOKING',
        priority: 'HIGH',
        contactName: 'Dana Whitfield',
        contactEmail: 'dana@example.com',
        subject: 'Studio A for a private class',
        message: 'Could we have Studio A for a two-hour private class with eight people?',
        payload: { page: '/studios/a', participants: 8 },
        requestedResourceId: demoId(RESOURCE, 1),
        requestedStartsAt: at(3, 4),
        requestedEndsAt: at(3, 6),
      },
      update: {},
    });
    for (const [index, { user, response, attended }] of openDayAttendance.entries()) {
      const id = demoId(RSVP, 10 + index);
      const openDay = events.find((event) => event.n === 7)!;
      await tx.rsvp.upsert({
        where: { id },
        create: {
          id,
          organizationId: demoOrganization.id,
          eventId: demoId(EVENT, 7),
          occurrenceStartsAt: openDay.startsAt,
          userId: user.id,
          response,
          respondedAt: new Date(openDay.startsAt.getTime() - (7 - index) * DAY),
          attended,
          attendanceRecordedAt: openDay.endsAt,
          attendanceRecordedById: openDay.hostId,
        },
        update: {},
      });
    }
  });
}
