import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  afterInstant,
  DomainError,
  afterId,
  instantCursor,
  invalidInput,
  notFound,
  idCursor,
  requireMember,
  toConnection,
  type Connection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { EventRecord } from '../event/event.repository.ts';
import { isOccurrence } from '../event/recurrence.ts';
import type { SchedulingRepositories } from '../repositories.ts';
import type { AttendeeRecord, RsvpKey, RsvpRecord } from './rsvp.repository.ts';
import type { attendeeArgs, recordAttendanceArgs, rsvpArgs, rsvpListArgs } from './rsvp.validation.ts';

const rsvpCursor = (rsvp: RsvpRecord) => instantCursor(rsvp.respondedAt, rsvp.id);

function afterRsvp(args: ConnectionArgs): RsvpKey | undefined {
  const key = afterInstant(args, 'an RSVP');
  return key && { respondedAt: key.at, id: key.id };
}

/**
 * Answers to one event queue on its row lock, one after another: a crowd answering at once waits
 * longer than Prisma's default limits (2 s for a connection, 5 s per transaction) allow. The
 * gateway gives up on a subgraph after 10 s anyway.
 */
const QUEUED_ON_LOCK = { maxWait: 10_000, timeout: 10_000 };

const invalid = invalidInput;

/** The occurrence an answer is about: a single event's own start, or a named occurrence of a series. */
function occurrenceOf(event: EventRecord, occurrenceStartsAt: Date | null) {
  if (!event.recurrenceRule) {
    if (occurrenceStartsAt && occurrenceStartsAt.getTime() !== event.startsAt.getTime()) {
      throw invalid('occurrenceStartsAt', `event ${event.id} happens once, at ${event.startsAt.toISOString()}`);
    }
    return { eventId: event.id, occurrenceStartsAt: event.startsAt };
  }
  if (!occurrenceStartsAt) throw invalid('occurrenceStartsAt', `is required: event ${event.id} recurs (${event.recurrenceRule})`);
  if (!isOccurrence(event, occurrenceStartsAt)) {
    throw invalid('occurrenceStartsAt', `event ${event.id} has no occurrence starting at ${occurrenceStartsAt.toISOString()}`);
  }
  return { eventId: event.id, occurrenceStartsAt };
}

/**
 * Members' answers to events. Seats are counted and taken under a lock on the event's row, so
 * concurrent answers never seat more people than the capacity; GOING past it waits on the
 * waitlist, and a seated member who stops going hands the seat to the first in line.
 */
export class RsvpService {
  constructor(private readonly deps: { data: DataAccess<SchedulingRepositories>; now?: () => Date }) {}

  async respond(viewer: Viewer, args: z.output<typeof rsvpArgs>): Promise<RsvpRecord> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.transaction(
      viewer,
      async ({ events, rsvps, tickets, outbox }) => {
        await rsvps.lockEvent(organizationId, args.eventId);
        const [event] = await events.findByIds(organizationId, [args.eventId]);
        if (!event) throw notFound('Event', args.eventId);
        if (event.cancelledAt) throw new DomainError('CONFLICT', `Event ${event.id} was cancelled at ${event.cancelledAt.toISOString()}`);
        const occurrence = occurrenceOf(event, args.occurrenceStartsAt);
        if (event.productId && args.response !== 'DECLINED' && !(await tickets.hasTicket(organizationId, event.productId, userId))) {
          throw new DomainError(
            'FORBIDDEN',
            `Event ${event.id} is a paid event: answering ${args.response} needs a paid order of product ${event.productId}`,
            { productId: event.productId },
          );
        }
        const current = await rsvps.find(organizationId, occurrence, userId);
        if (current?.response === args.response) return current;
        // Taken after the lock: the order answers are taken in is the order they are recorded in.
        const respondedAt = this.deps.now?.() ?? new Date();
        const record = (rsvp: RsvpRecord) =>
          outbox.record({
            type: 'scheduling.rsvp.changed',
            organizationId,
            actorId: userId,
            subject: { type: 'Event', id: event.id },
            payload: {
              eventId: event.id,
              occurrenceStartsAt: rsvp.occurrenceStartsAt.toISOString(),
              userId,
              response: rsvp.response,
              waitlisted: rsvp.waitlisted,
            },
          });
        if (args.response === 'GOING') {
          const full = event.capacity !== null && (await rsvps.countSeated(organizationId, occurrence)) >= event.capacity;
          const saved = await rsvps.save(organizationId, occurrence, userId, { response: 'GOING', waitlisted: full, respondedAt });
          await record(saved);
          return saved;
        }
        const freesSeat = current?.response === 'GOING' && !current.waitlisted;
        const saved = await rsvps.save(organizationId, occurrence, userId, { response: args.response, waitlisted: false, respondedAt });
        await record(saved);
        if (freesSeat) {
          const next = await rsvps.firstWaitlisted(organizationId, occurrence);
          if (next) {
            await rsvps.seat(next.id);
            await outbox.record({
              type: 'scheduling.waitlist.promoted',
              organizationId,
              actorId: userId,
              subject: { type: 'Event', id: event.id },
              payload: {
                eventId: event.id,
                occurrenceStartsAt: next.occurrenceStartsAt.toISOString(),
                userId: next.userId,
                title: event.title,
              },
            });
          }
        }
        return saved;
      },
      QUEUED_ON_LOCK,
    );
  }

  /**
   * One page of the members who answered each event, for the events of one batch
   * (`Event.attendees`); every member sees every answer to the organization's events.
   */
  async listAttendees(
    viewer: Viewer,
    eventIds: readonly string[],
    args: ConnectionArgs & z.output<typeof attendeeArgs>,
  ): Promise<AttendeeRecord[]> {
    const { organizationId } = requireMember(viewer);
    return this.deps.data.repositories(viewer).rsvps.listAttendees(organizationId, eventIds, {
      occurrenceStartsAt: args.occurrenceStartsAt,
      response: args.response,
      afterUserId: afterId(args),
      take: args.first + 1,
    });
  }

  /** One event's page of attendees, as users, from the rows `listAttendees` fetched for it. */
  attendeesPage(rows: AttendeeRecord[], args: ConnectionArgs): Connection<{ id: string }> {
    return toConnection(
      rows.map((row) => ({ id: row.userId })),
      args.first,
      idCursor,
    );
  }

  /**
   * Checks a member in (or out) of an occurrence that has started: the event's host or an admin
   * records whether they came. Only a member who answered the occurrence can be checked in, so
   * the attendance rate (attended ÷ going) counts people who said they would come.
   */
  async recordAttendance(viewer: Viewer, args: z.output<typeof recordAttendanceArgs>): Promise<RsvpRecord> {
    const { organizationId, userId, role } = requireMember(viewer);
    const { events, rsvps } = this.deps.data.repositories(viewer);
    const [event] = await events.findByIds(organizationId, [args.eventId]);
    if (!event) throw notFound('Event', args.eventId);
    if (event.hostId !== userId && !roleAtLeast(role, 'ADMIN')) {
      throw new DomainError('FORBIDDEN', `Attendance of event ${event.id} is recorded by its host or an admin; you are ${role}`, {
        eventId: event.id,
      });
    }
    const occurrence = occurrenceOf(event, args.occurrenceStartsAt);
    const now = this.deps.now?.() ?? new Date();
    if (occurrence.occurrenceStartsAt > now) {
      throw invalid(
        'occurrenceStartsAt',
        `the occurrence starts at ${occurrence.occurrenceStartsAt.toISOString()}: attendance is recorded once it has started`,
      );
    }
    const answer = await rsvps.find(organizationId, occurrence, args.userId);
    if (!answer) {
      throw invalid('userId', `user ${args.userId} has not answered event ${event.id} at ${occurrence.occurrenceStartsAt.toISOString()}`);
    }
    return rsvps.recordAttendance(answer.id, { attended: args.attended, attendanceRecordedAt: now, attendanceRecordedById: userId });
  }

  /** Answers to one occurrence, in arrival order: the waitlist's order when `waitlisted` is true. */
  async list(viewer: Viewer, args: ConnectionArgs & z.output<typeof rsvpListArgs>): Promise<Connection<RsvpRecord>> {
    const { organizationId } = requireMember(viewer);
    const repositories = this.deps.data.repositories(viewer);
    const [event] = await repositories.events.findByIds(organizationId, [args.eventId]);
    if (!event) throw notFound('Event', args.eventId);
    const rows = await repositories.rsvps.list(organizationId, occurrenceOf(event, args.occurrenceStartsAt), {
      response: args.response,
      waitlisted: args.waitlisted,
      after: afterRsvp(args),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, rsvpCursor);
  }
}
