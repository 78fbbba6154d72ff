import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess, fakeMemberDirectory } from '@plaza/subgraph-kit';
import type { SchedulingRepositories } from '../repositories.ts';
import { CalendarSettingsService } from '../settings/settings.service.ts';
import { updateCalendarSettingsInput } from '../settings/settings.validation.ts';
import type { StoredCalendarSettings } from '../settings/settings.repository.ts';
import type { CalendarRecord, NewCalendar } from './calendar.repository.ts';
import { CalendarService } from './calendar.service.ts';
import { createCalendarInput, updateCalendarInput } from './calendar.validation.ts';

const ORG = 'org-1';
const viewer = (role: Role, userId = `user-${role}`): Viewer => ({ userId, organizationId: ORG, role });

function calendars() {
  const rows: CalendarRecord[] = [];
  let settings: StoredCalendarSettings | null = null;
  const data = fakeDataAccess<SchedulingRepositories>({
    calendars: {
      findByIds: async (organizationId, ids) => rows.filter((row) => row.organizationId === organizationId && ids.includes(row.id)),
      create: async (calendar: NewCalendar) => {
        const row = { id: `c-${rows.length + 1}`, createdAt: new Date(), feedTokenHash: null, ...calendar };
        rows.push(row);
        return row;
      },
      update: async (id, changes) =>
        Object.assign(
          rows.find((row) => row.id === id)!,
          changes,
        ),
    },
    calendarSettings: {
      find: async () => settings,
      save: async (saved) => (settings = { ...saved, updatedAt: new Date() }),
    },
  });
  const settingsService = new CalendarSettingsService({ data });
  const service = new CalendarService({
    data,
    members: fakeMemberDirectory(['user-ADMIN', 'user-MEMBER', 'ada']),
    settings: settingsService,
  });
  return { service, settingsService, rows };
}

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('CalendarService', () => {
  it("gives a calendar without a time zone the organization's default", async () => {
    const { service, settingsService } = calendars();
    const utc = await service.create(viewer('ADMIN'), createCalendarInput.parse({ name: 'Classes', ownerType: 'ORGANIZATION' }));
    expect(utc).toMatchObject({ timeZone: 'UTC', color: '#3b82f6', ownerId: null });
    await settingsService.update(viewer('ADMIN'), updateCalendarSettingsInput.parse({ defaultTimeZone: 'Europe/Paris' }));
    const paris = await service.create(viewer('MEMBER'), createCalendarInput.parse({ name: 'Mine', ownerType: 'USER' }));
    expect(paris).toMatchObject({ timeZone: 'Europe/Paris', ownerType: 'USER', ownerId: 'user-MEMBER' });
  });

  it('refuses an owner id on an organization calendar, and members managing calendars not theirs', async () => {
    const { service, rows } = calendars();
    const withOwner = await rejection(
      service.create(viewer('ADMIN'), createCalendarInput.parse({ name: 'Org', ownerType: 'ORGANIZATION', ownerId: 'ada' })),
    );
    expect(withOwner.message).toBe('Invalid input: ownerId: must be empty for an ORGANIZATION calendar (got ada)');
    expect(
      (await rejection(service.create(viewer('MEMBER'), createCalendarInput.parse({ name: 'X', ownerType: 'USER', ownerId: 'ada' })))).code,
    ).toBe('FORBIDDEN');
    const adas = await service.create(viewer('ADMIN'), createCalendarInput.parse({ name: 'Ada', ownerType: 'USER', ownerId: 'ada' }));
    expect((await rejection(service.update(viewer('MEMBER'), adas.id, updateCalendarInput.parse({ name: 'Mine' })))).code).toBe(
      'FORBIDDEN',
    );
    expect(await service.update(viewer('MEMBER', 'ada'), adas.id, updateCalendarInput.parse({ name: 'Ada’s' }))).toMatchObject({
      name: 'Ada’s',
    });
    expect(rows).toHaveLength(1);
  });

  it('refuses an invalid time zone or colour, naming the value', () => {
    const result = createCalendarInput.safeParse({ name: 'X', ownerType: 'USER', timeZone: 'Europe/Atlantis', color: 'blue' });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'timeZone: must be an IANA time zone such as Europe/London, not "Europe/Atlantis"',
      'color: must be a #RRGGBB hex colour',
    ]);
  });
});
