import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess, fakeMemberDirectory } from '@plaza/subgraph-kit';
import type { SchedulingRepositories } from '../repositories.ts';
import type { EventKey, EventRecord, NewEvent } from './event.repository.ts';
import { EventService } from './event.service.ts';
import { createEventInput } from './event.validation.ts';

const ORG = 'org-1';
const HOUR = 3_600_000;
const BASE = Date.parse('2031-03-02T10:00:00.000Z');
const at = (hours: number) => new Date(BASE + hours * HOUR);

/** Events in memory, kept in the (startsAt, id) order the repository promises. */
function calendar() {
  const rows: EventRecord[] = [];
  let sequence = 0;
  const data = fakeDataAccess<SchedulingRepositories>({
    events: {
      findByIds: async (organizationId, ids) =>
        rows.filter((row) => row.organizationId === organizationId && ids.includes(row.id)).map((row) => ({ ...row })),
      list: async (organizationId, { after, take }) =>
        rows
          .filter((row) => row.organizationId === organizationId && (!after || isAfter(row, after)))
          .sort(byStart)
          .slice(0, take)
          .map((row) => ({ ...row })),
      listByHosts: async (organizationId, hostIds, { after, take }) =>
        hostIds.flatMap((hostId) =>
          rows
            .filter((row) => row.organizationId === organizationId && row.hostId === hostId && (!after || isAfter(row, after)))
            .sort(byStart)
            .slice(0, take)
            .map((row) => ({ ...row })),
        ),
      create: async (event: NewEvent) => {
        const row = { id: `e-${++sequence}`, ...event, createdAt: new Date() };
        rows.push(row);
        return { ...row };
      },
    },
  });
  return {
    service: new EventService({ data, members: fakeMemberDirectory(['owner', 'mod', 'admin', 'ada', 'alan', 'amy', 'someone']) }),
    rows,
  };
}

const byStart = (a: EventKey, b: EventKey) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id);
const isAfter = (row: EventKey, after: EventKey) => byStart(row, after) > 0;

const viewer = (role: Role, userId = `user-${role}`): Viewer => ({ userId, organizationId: ORG, role });
const event = (fields: { title?: string; startsAt?: Date; endsAt?: Date; hostId?: string } = {}) =>
  createEventInput.parse({ title: 'Sunrise Vinyasa', startsAt: at(0), endsAt: at(1), ...fields });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('EventService', () => {
  it('refuses a host who is not an active member of the organization, writing nothing', async () => {
    const { service, rows } = calendar();
    expect(await rejection(service.create(viewer('OWNER'), event({ hostId: 'stranger' })))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'User stranger was not found',
    });
    expect(rows).toEqual([]);
  });

  it.each(['MODERATOR', 'ADMIN', 'OWNER'] as const)('lets a %s schedule an event, hosted by them unless a host is named', async (role) => {
    const { service } = calendar();
    expect(await service.create(viewer(role, 'ada'), event())).toMatchObject({
      organizationId: ORG,
      hostId: 'ada',
      startsAt: at(0),
      endsAt: at(1),
    });
    expect((await service.create(viewer(role, 'ada'), event({ hostId: 'alan' }))).hostId).toBe('alan');
  });

  it.each(['MEMBER', 'VIEWER'] as const)('forbids a %s to schedule events', async (role) => {
    const { service, rows } = calendar();
    expect((await rejection(service.create(viewer(role), event()))).code).toBe('FORBIDDEN');
    expect(rows).toEqual([]);
  });

  it('refuses an event that ends before or when it starts, naming endsAt, and writes nothing', async () => {
    const { service, rows } = calendar();
    const backwards = await rejection(service.create(viewer('OWNER'), event({ startsAt: at(2), endsAt: at(1) })));
    expect(backwards.code).toBe('BAD_USER_INPUT');
    expect(backwards.message).toBe(
      'Invalid input: endsAt: must be after startsAt (2031-03-02T11:00:00.000Z is not after 2031-03-02T12:00:00.000Z)',
    );
    expect(backwards.details).toEqual({ issues: [{ field: 'endsAt', message: 'must be after startsAt' }] });
    expect((await rejection(service.create(viewer('OWNER'), event({ startsAt: at(2), endsAt: at(2) })))).code).toBe('BAD_USER_INPUT');
    expect(rows).toEqual([]);
  });

  it('pages events by start time with a cursor that survives ties', async () => {
    const { service } = calendar();
    for (const [title, start] of [
      ['Late', 30],
      ['Early', 0],
      ['Tie A', 10],
      ['Tie B', 10],
    ] as const) {
      await service.create(viewer('OWNER'), event({ title, startsAt: at(start), endsAt: at(start + 1) }));
    }
    const first = await service.list(viewer('MEMBER'), { first: 2 });
    expect(first.nodes.map((node) => node.title)).toEqual(['Early', 'Tie A']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await service.list(viewer('MEMBER'), { first: 2, after: first.pageInfo.endCursor });
    expect(second.nodes.map((node) => node.title)).toEqual(['Tie B', 'Late']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect((await rejection(service.list(viewer('MEMBER'), { first: 2, after: 'bm9wZQ' }))).message).toMatch(
      /is not a cursor this API issued/,
    );
  });

  it("shows a viewer only their organization's events, and needs a member to list them", async () => {
    const { service } = calendar();
    const created = await service.create(viewer('OWNER'), event());
    expect(await service.findVisibleByIds({ userId: 'stranger', organizationId: 'org-2', role: 'OWNER' }, [created.id])).toEqual([]);
    expect(await service.findVisibleByIds(viewer('VIEWER'), [created.id])).toEqual([created]);
    expect((await rejection(service.list({ userId: 'loner', organizationId: null, role: null }, { first: 20 }))).code).toBe('FORBIDDEN');
    expect((await rejection(service.list({ userId: null, organizationId: null, role: null }, { first: 20 }))).code).toBe('UNAUTHENTICATED');
  });

  it("pages each host's events, with one more row fetched to tell whether another page exists", async () => {
    const { service } = calendar();
    for (const start of [5, 1, 3]) await service.create(viewer('OWNER', 'ada'), event({ startsAt: at(start), endsAt: at(start + 1) }));
    const rows = await service.listByHosts(viewer('MEMBER'), ['ada', 'alan'], { first: 1 });
    expect(rows.map((row) => row.startsAt)).toEqual([at(1), at(3)]);
    const page = service.eventsPage(
      rows.filter((row) => row.hostId === 'ada'),
      { first: 1 },
    );
    expect(page.nodes.map((node) => node.startsAt)).toEqual([at(1)]);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a range of more than 2,000 occurrences without expanding the series past the 2,000th', async () => {
    // Thirty daily series over a year: the sixth passes 2,000 occurrences (6 × 365).
    const expanded = new Set<string>();
    const series = Array.from({ length: 30 }, (_, index): EventRecord => {
      const record: EventRecord = {
        id: `series-${String(index).padStart(2, '0')}`,
        organizationId: ORG,
        title: `Daily ${index}`,
        description: null,
        startsAt: new Date('2031-01-01T09:00:00.000Z'),
        endsAt: new Date('2031-01-01T10:00:00.000Z'),
        hostId: 'owner',
        capacity: null,
        location: null,
        calendarId: null,
        timeZone: 'UTC',
        allDay: false,
        meetingUrl: null,
        category: null,
        recurrenceRule: null,
        exceptionDates: [],
        recurrenceEndsAt: null,
        cancelledAt: null,
        splitFromId: null,
        reminderOffsetsMinutes: [],
        productId: null,
        icalUid: null,
        createdAt: new Date('2030-12-01T00:00:00.000Z'),
      };
      // Expanding a series reads its rule: that is what is counted.
      return Object.defineProperty(record, 'recurrenceRule', {
        get: () => {
          expanded.add(record.id);
          return 'FREQ=DAILY';
        },
        enumerable: true,
      });
    });
    const data = fakeDataAccess<SchedulingRepositories>({
      events: {
        findOverlapping: async () => series,
        findMovedInto: async () => [],
        findByIds: async () => [],
        findOverrides: async () => [],
      },
    });
    const service = new EventService({ data, members: fakeMemberDirectory(['owner']) });
    const error = await rejection(
      service.occurrences(viewer('MEMBER'), { from: new Date('2031-01-01T00:00:00.000Z'), to: new Date('2032-01-01T00:00:00.000Z') }),
    );
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/more than 2000 occurrences/);
    expect([...expanded].sort()).toEqual(series.slice(0, 6).map((record) => record.id));
  });
});
