import type { Viewer } from '@plaza/auth';
import { notFound, requireMember, type DataAccess, type TenantScope } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { expandOccurrences } from '../event/event.service.ts';
import type { SchedulingRepositories } from '../repositories.ts';
import type { DueReminder } from './reminder.repository.ts';
import { MAX_REMINDER_OFFSET_MINUTES, type reminderPreferenceArgs } from './reminder.validation.ts';

const MINUTE = 60_000;
/** The poller only asks which organizations have reminders; it reads and claims inside each one's scope. */
const POLLER_SCOPE: TenantScope = { organizationId: null, userId: null };

export interface ReminderRunResult {
  /** Reminders due now that this run found. */
  due: number;
  /** Of those, the ones this run claimed and turned into domain events (others were sent already). */
  sent: number;
}

/**
 * Reminders of events: each seated attendee of an occurrence is reminded at the event's offsets
 * before its start, or at their own. `runOnce` turns the reminders due now into
 * `scheduling.reminder.due` events: each is claimed by a row whose unique key names it, written
 * in the transaction that records the event, so every reminder becomes exactly one event however
 * many instances poll and whenever they restart. A reminder whose occurrence has started is no
 * longer sent.
 */
export class ReminderService {
  constructor(private readonly deps: { data: DataAccess<SchedulingRepositories> }) {}

  /** The viewer's own offsets for every occurrence of an event; null goes back to the event's. */
  async setPreference(viewer: Viewer, args: z.output<typeof reminderPreferenceArgs>): Promise<number[]> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ events, reminders }) => {
      const [event] = await events.findByIds(organizationId, [args.eventId]);
      if (!event) throw notFound('Event', args.eventId);
      if (args.offsetsMinutes === null) {
        await reminders.deletePreference(event.id, userId);
        return event.reminderOffsetsMinutes;
      }
      return (await reminders.savePreference(organizationId, event.id, userId, args.offsetsMinutes)).offsetsMinutes;
    });
  }

  async runOnce(now: Date = new Date()): Promise<ReminderRunResult> {
    const horizon = new Date(now.getTime() + MAX_REMINDER_OFFSET_MINUTES * MINUTE);
    const organizations = await this.deps.data.repositories(POLLER_SCOPE).reminders.organizationsWithReminders(now, horizon);
    const result: ReminderRunResult = { due: 0, sent: 0 };
    for (const organizationId of organizations) {
      const scope = { organizationId, userId: null };
      const due = await this.findDue(this.deps.data.repositories(scope), organizationId, now, horizon);
      result.due += due.length;
      if (due.length === 0) continue;
      result.sent += await this.deps.data.transaction(scope, async ({ reminders, outbox, events }) => {
        const claimed = await reminders.claim(due);
        const titles = new Map(
          (await events.findByIds(organizationId, [...new Set(claimed.map((r) => r.eventId))])).map((e) => [e.id, e.title]),
        );
        for (const reminder of claimed) {
          const startsAt = new Date(reminder.dueAt.getTime() + reminder.offsetMinutes * MINUTE);
          await outbox.record({
            type: 'scheduling.reminder.due',
            organizationId,
            actorId: null,
            subject: { type: 'Event', id: reminder.eventId },
            payload: {
              eventId: reminder.eventId,
              occurrenceStartsAt: reminder.occurrenceStartsAt.toISOString(),
              startsAt: startsAt.toISOString(),
              userId: reminder.userId,
              offsetMinutes: reminder.offsetMinutes,
              title: titles.get(reminder.eventId) ?? '',
            },
          });
        }
        return claimed.length;
      });
    }
    return result;
  }

  /**
   * The organization's reminders due at `now` whose occurrence has not started: occurrences
   * starting within the longest offset, their seated attendees, each with their offsets. Sorted,
   * so that concurrent pollers insert their claims in one order and never deadlock each other.
   */
  private async findDue(
    { reminders, events, rsvps }: SchedulingRepositories,
    organizationId: string,
    now: Date,
    horizon: Date,
  ): Promise<DueReminder[]> {
    const series = await reminders.findRemindingBetween(organizationId, now, horizon);
    if (series.length === 0) return [];
    const ids = series.map((event) => event.id);
    const [overrides, preferences] = await Promise.all([events.findOverrides(organizationId, ids), reminders.findPreferences(ids)]);
    const occurrences = expandOccurrences(series, overrides, now, horizon).filter((occurrence) => occurrence.startsAt > now);
    const seats = await rsvps.findSeatedAt(
      organizationId,
      occurrences.map((occurrence) => ({ eventId: occurrence.event.id, occurrenceStartsAt: occurrence.originalStartsAt })),
    );
    const occurrenceOf = new Map(
      occurrences.map((occurrence) => [`${occurrence.event.id}|${occurrence.originalStartsAt.getTime()}`, occurrence]),
    );
    const offsetsOf = new Map(preferences.map((preference) => [`${preference.eventId}|${preference.userId}`, preference.offsetsMinutes]));
    const due: DueReminder[] = [];
    for (const seat of seats) {
      const occurrence = occurrenceOf.get(`${seat.eventId}|${seat.occurrenceStartsAt.getTime()}`);
      if (!occurrence) continue;
      const offsets = offsetsOf.get(`${seat.eventId}|${seat.userId}`) ?? occurrence.event.reminderOffsetsMinutes;
      for (const offsetMinutes of new Set(offsets)) {
        const dueAt = new Date(occurrence.startsAt.getTime() - offsetMinutes * MINUTE);
        if (dueAt > now) continue;
        due.push({
          organizationId,
          eventId: seat.eventId,
          occurrenceStartsAt: seat.occurrenceStartsAt,
          userId: seat.userId,
          offsetMinutes,
          dueAt,
        });
      }
    }
    const key = (r: DueReminder) =>
      `${r.eventId}|${r.occurrenceStartsAt.toISOString()}|${r.userId}|${String(r.offsetMinutes).padStart(6, '0')}`;
    return due.sort((a, b) => key(a).localeCompare(key(b)));
  }
}
