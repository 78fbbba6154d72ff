import { describe, expect, it } from 'vitest';
import type { Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { EventRecord } from '../event/event.repository.ts';
import type { SchedulingRepositories } from '../repositories.ts';
import type { RsvpRecord } from './rsvp.repository.ts';
import { RsvpService } from './rsvp.service.ts';

const ORG = 'org-1';
const START = new Date('2031-05-05T17:00:00.000Z');
const member = (userId: string): Viewer => ({ userId, organizationId: ORG, role: 'MEMBER' });

function rsvpService(capacity: number | null, recurrenceRule: string | null = null, productId: string | null = null) {
  const event: EventRecord = {
    id: 'ev',
    organizationId: ORG,
    calendarId: null,
    title: 'Workshop',
    description: null,
    startsAt: START,
    endsAt: new Date(START.getTime() + 3_600_000),
    timeZone: 'UTC',
    allDay: false,
    hostId: 'host',
    capacity,
    location: null,
    meetingUrl: null,
    category: null,
    recurrenceRule,
    exceptionDates: [],
    recurrenceEndsAt: null,
    cancelledAt: null,
    splitFromId: null,
    reminderOffsetsMinutes: [],
    productId,
    icalUid: null,
    createdAt: START,
  };
  const recorded: { type: string; payload: unknown }[] = [];
  const ticketHolders = new Set<string>(['paid']);
  const rows: RsvpRecord[] = [];
  let clock = 0;
  const data = fakeDataAccess<SchedulingRepositories>({
    events: { findByIds: async () => [event] },
    tickets: { hasTicket: async (_org, _product, userId) => ticketHolders.has(userId) },
    outbox: {
      record: async (event) => {
        recorded.push({ type: event.type, payload: event.payload });
        return `e-${recorded.length}`;
      },
    },
    rsvps: {
      lockEvent: async () => {},
      find: async (_org, occurrence, userId) => {
        const row = rows.find((candidate) => candidate.userId === userId && candidate.eventId === occurrence.eventId);
        return row ? { ...row } : null;
      },
      countSeated: async () => rows.filter((row) => row.response === 'GOING' && !row.waitlisted).length,
      firstWaitlisted: async () =>
        rows.filter((row) => row.response === 'GOING' && row.waitlisted).sort((a, b) => +a.respondedAt - +b.respondedAt)[0] ?? null,
      save: async (organizationId, occurrence, userId, answer) => {
        const existing = rows.find((row) => row.userId === userId);
        if (existing) return Object.assign(existing, answer);
        const row = {
          id: `r-${rows.length + 1}`,
          organizationId,
          ...occurrence,
          userId,
          ...answer,
          attended: null,
          attendanceRecordedAt: null,
          attendanceRecordedById: null,
        };
        rows.push(row);
        return row;
      },
      seat: async (id) =>
        Object.assign(
          rows.find((row) => row.id === id)!,
          { waitlisted: false },
        ),
    },
  });
  return { service: new RsvpService({ data, now: () => new Date(START.getTime() - 1_000_000 + ++clock) }), rows, recorded };
}

describe('RsvpService', () => {
  it('seats GOING answers up to the capacity, waitlists the rest, and seats the first in line when a seat is given up', async () => {
    const { service, rows, recorded } = rsvpService(2);
    for (const user of ['a', 'b', 'c', 'd'])
      await service.respond(member(user), { eventId: 'ev', occurrenceStartsAt: null, response: 'GOING' });
    expect(rows.map((row) => [row.userId, row.waitlisted])).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
      ['d', true],
    ]);
    await service.respond(member('d'), { eventId: 'ev', occurrenceStartsAt: null, response: 'MAYBE' });
    expect(rows.find((row) => row.userId === 'c')?.waitlisted).toBe(true);
    await service.respond(member('a'), { eventId: 'ev', occurrenceStartsAt: null, response: 'DECLINED' });
    expect(rows.map((row) => [row.userId, row.response, row.waitlisted])).toEqual([
      ['a', 'DECLINED', false],
      ['b', 'GOING', false],
      ['c', 'GOING', false],
      ['d', 'MAYBE', false],
    ]);
    expect(recorded.filter((event) => event.type === 'scheduling.waitlist.promoted').map((event) => event.payload)).toEqual([
      { eventId: 'ev', occurrenceStartsAt: START.toISOString(), userId: 'c', title: 'Workshop' },
    ]);
    expect(recorded.filter((event) => event.type === 'scheduling.rsvp.changed')).toHaveLength(6);
  });

  it('refuses GOING and MAYBE to a paid event without a ticket, and lets anyone decline', async () => {
    const { service, rows } = rsvpService(null, null, 'prod-1');
    const refused = await service
      .respond(member('free'), { eventId: 'ev', occurrenceStartsAt: null, response: 'MAYBE' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    expect((refused as DomainError).message).toBe('Event ev is a paid event: answering MAYBE needs a paid order of product prod-1');
    await service.respond(member('free'), { eventId: 'ev', occurrenceStartsAt: null, response: 'DECLINED' });
    await service.respond(member('paid'), { eventId: 'ev', occurrenceStartsAt: null, response: 'GOING' });
    expect(rows.map((row) => [row.userId, row.response])).toEqual([
      ['free', 'DECLINED'],
      ['paid', 'GOING'],
    ]);
  });

  it('needs the occurrence of a recurring event, and one the series has', async () => {
    const { service } = rsvpService(null, 'FREQ=DAILY;COUNT=3');
    const refused = await service
      .respond(member('a'), { eventId: 'ev', occurrenceStartsAt: null, response: 'GOING' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).message).toBe('Invalid input: occurrenceStartsAt: is required: event ev recurs (FREQ=DAILY;COUNT=3)');
    const second = new Date(START.getTime() + 86_400_000);
    expect(await service.respond(member('a'), { eventId: 'ev', occurrenceStartsAt: second, response: 'GOING' })).toMatchObject({
      occurrenceStartsAt: second,
    });
  });
});
