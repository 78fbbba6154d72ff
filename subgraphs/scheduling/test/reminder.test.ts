import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '@plaza/events';
import { expectData, expectErrorCode, startTestStack, testConfig, type Actor, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

const MINUTE = 60_000;
/** Short, so reminders come due within a test; production polls every 30 s. */
const POLL_MS = '100';

const CREATE = graphql(`
  mutation ReminderCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      id
      reminderOffsetsMinutes
    }
  }
`);
const RSVP = graphql(`
  mutation ReminderRsvp($eventId: ID!, $occurrenceStartsAt: DateTime, $response: RsvpResponse!) {
    rsvp(eventId: $eventId, occurrenceStartsAt: $occurrenceStartsAt, response: $response) {
      id
    }
  }
`);
const SET_MINE = graphql(`
  mutation ReminderSetMine($eventId: ID!, $offsetsMinutes: [Int!]) {
    setMyEventReminders(eventId: $eventId, offsetsMinutes: $offsetsMinutes)
  }
`);
const NOTIFICATIONS = graphql(`
  query ReminderNotifications {
    notifications(first: 50) {
      edges {
        node {
          type
          title
          body
        }
      }
    }
  }
`);

type Reminder = DomainEvent<'scheduling.reminder.due'>;

async function reminders(stack: TestStack, eventIds: readonly string[]): Promise<Reminder['payload'][]> {
  const events = (await stack.recordedEvents('scheduling', { type: 'scheduling.reminder.due' })) as Reminder[];
  return events.map((event) => event.payload).filter((payload) => eventIds.includes(payload.eventId));
}

const keyOf = (reminder: Reminder['payload']) =>
  `${reminder.eventId}|${reminder.occurrenceStartsAt}|${reminder.userId}|${reminder.offsetMinutes}`;

async function createEvent(owner: Actor, startsAt: Date, fields: Record<string, unknown> = {}) {
  return expectData(
    await owner.request(CREATE, {
      input: {
        title: 'Standup',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 30 * MINUTE).toISOString(),
        ...fields,
      },
    }),
  ).createEvent;
}

// PGlite on a busy machine: three subgraphs on one single-connection database each, polled every 100 ms.
describe('reminders', { timeout: 180_000 }, () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ only: ['identity', 'scheduling', 'notifications'], env: { PLAZA_REMINDER_INTERVAL_MS: POLL_MS } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("reminds seated attendees once per due offset (the event's or their own) and notifications delivers them", async () => {
    const owner = await stack.createOrganization();
    const [ann, ben, cat] = [await stack.addMember(owner), await stack.addMember(owner), await stack.addMember(owner)];
    const startsAt = new Date(Date.now() + 30 * MINUTE);
    // 60 minutes before is past (due now); 15 minutes before is still ahead.
    const event = await createEvent(owner, startsAt, { reminderOffsetsMinutes: [15, 60], capacity: 2 });
    expect(event.reminderOffsetsMinutes).toEqual([60, 15]);
    // Ben chose his own: 45 minutes before (due now). Cat is on the waitlist: no seat, no reminder.
    expect(expectData(await ben.request(SET_MINE, { eventId: event.id, offsetsMinutes: [45] })).setMyEventReminders).toEqual([45]);
    expectErrorCode(await ben.request(SET_MINE, { eventId: event.id, offsetsMinutes: [0] }), 'BAD_USER_INPUT');
    for (const member of [ann, ben, cat]) expectData(await member.request(RSVP, { eventId: event.id, response: 'GOING' }));

    await vi.waitFor(async () => expect(await reminders(stack, [event.id])).toHaveLength(2), { timeout: 15_000, interval: 100 });
    // Several more polls change nothing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = await reminders(stack, [event.id]);
    expect(sent.map((reminder) => [reminder.userId, reminder.offsetMinutes]).sort()).toEqual(
      [
        [ann.userId, 60],
        [ben.userId, 45],
      ].sort(),
    );
    expect(sent[0]).toMatchObject({ startsAt: startsAt.toISOString(), occurrenceStartsAt: startsAt.toISOString(), title: 'Standup' });

    await stack.eventsSettled();
    const inbox = expectData(await ann.request(NOTIFICATIONS)).notifications.edges.map((edge) => edge.node);
    expect(inbox).toContainEqual({
      type: 'event.reminder',
      title: 'Reminder: Standup',
      body: `Standup starts at ${startsAt.toISOString()} (UTC), in 60 minutes.`,
    });
  });

  it('reminds per occurrence of a recurring event: only the next one, whose reminder is due', async () => {
    const owner = await stack.createOrganization();
    const ann = await stack.addMember(owner);
    // Daily from yesterday: yesterday's occurrence has started, today's is 20 minutes away, tomorrow's is not due.
    const first = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 24 * 60 * MINUTE + 20 * MINUTE);
    const next = new Date(first.getTime() + 24 * 60 * MINUTE);
    const series = await createEvent(owner, first, { recurrence: 'FREQ=DAILY;COUNT=5', reminderOffsetsMinutes: [30] });
    for (const occurrence of [first, next, new Date(next.getTime() + 24 * 60 * MINUTE)]) {
      expectData(await ann.request(RSVP, { eventId: series.id, occurrenceStartsAt: occurrence.toISOString(), response: 'GOING' }));
    }
    await vi.waitFor(async () => expect(await reminders(stack, [series.id])).toHaveLength(1), { timeout: 15_000, interval: 100 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await reminders(stack, [series.id])).toEqual([
      expect.objectContaining({ occurrenceStartsAt: next.toISOString(), userId: ann.userId, offsetMinutes: 30 }),
    ]);
  });

  it('sends a reminder that came due while scheduling was down once it is back, and none twice', async () => {
    const owner = await stack.createOrganization();
    const ann = await stack.addMember(owner);
    const dueNow = await createEvent(owner, new Date(Date.now() + 10 * MINUTE), { reminderOffsetsMinutes: [60] });
    // Due while scheduling is stopped: far enough ahead that creating the events and answers
    // (seconds on a busy PGlite) cannot reach it first, which failed this test with 3 s.
    const dueSoonAt = Date.now() + 15_000;
    const dueSoon = await createEvent(owner, new Date(dueSoonAt + 60 * MINUTE), { reminderOffsetsMinutes: [60] });
    for (const event of [dueNow, dueSoon]) expectData(await ann.request(RSVP, { eventId: event.id, response: 'GOING' }));
    const ids = [dueNow.id, dueSoon.id];
    await vi.waitFor(async () => expect(await reminders(stack, ids)).toHaveLength(1), { timeout: 15_000, interval: 50 });

    await stack.running.stopSubgraph('scheduling');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueSoonAt - Date.now()) + 500));
    await stack.running.startSubgraph('scheduling');
    await vi.waitFor(async () => expect(await reminders(stack, ids)).toHaveLength(2), { timeout: 15_000, interval: 50 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await reminders(stack, ids)).map((reminder) => reminder.eventId).sort()).toEqual([...ids].sort());
  });
});

// Two scheduling instances on one PostgreSQL database, both polling (two PGlite instances cannot
// share a database folder, so this runs in the PostgreSQL pass).
describe.skipIf(testConfig().databases.kind !== 'postgres')('reminders with two scheduling instances', () => {
  it('turns each due reminder into exactly one event, across a restart of both instances', async () => {
    const stack = await startTestStack({ only: ['identity', 'scheduling'], bus: 'redis', env: { PLAZA_REMINDER_INTERVAL_MS: '20' } });
    const replicas: { stop(): Promise<void> }[] = [];
    try {
      const owner = await stack.createOrganization();
      const members = await Promise.all([stack.addMember(owner), stack.addMember(owner), stack.addMember(owner)]);
      const now = Date.now();
      // Six events due now and six due 25 s from now (while both instances are down), three attendees each, two offsets.
      const events = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          createEvent(owner, new Date(now + (i < 6 ? 20 * MINUTE : 60 * MINUTE + 25_000)), { reminderOffsetsMinutes: [30, 60] }),
        ),
      );
      for (const event of events)
        await Promise.all(members.map((member) => member.request(RSVP, { eventId: event.id, response: 'GOING' }).then(expectData)));
      const ids = events.map((event) => event.id);
      // Due now: 6 events × 3 attendees × 2 offsets. Later: 6 × 3 × 1 (only 60 minutes before is due by then).
      const early = 36;
      const total = early + 18;

      replicas.push(await stack.running.startReplica('scheduling'));
      await vi.waitFor(async () => expect((await reminders(stack, ids)).length).toBeGreaterThanOrEqual(early), {
        timeout: 20_000,
        interval: 20,
      });
      expect(Date.now()).toBeLessThan(now + 25_000);
      expect(await reminders(stack, ids)).toHaveLength(early);
      await stack.running.stopSubgraph('scheduling');
      await replicas.pop()!.stop();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, now + 25_500 - Date.now())));

      await stack.running.startSubgraph('scheduling');
      replicas.push(await stack.running.startReplica('scheduling'));
      await vi.waitFor(async () => expect((await reminders(stack, ids)).length).toBeGreaterThanOrEqual(total), {
        timeout: 20_000,
        interval: 20,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const sent = await reminders(stack, ids);
      expect(sent).toHaveLength(total);
      expect(new Set(sent.map(keyOf)).size).toBe(total);
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await stack.stop();
    }
  }, 120_000);
});
