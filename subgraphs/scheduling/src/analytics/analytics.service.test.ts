import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { SchedulingRepositories } from '../repositories.ts';
import type { ResourceView } from '../resource/resource.service.ts';
import type { OpenWindow } from './analytics.repository.ts';
import { AnalyticsService } from './analytics.service.ts';
import { isoWeekOf } from './report-periods.ts';

const ORG = 'org-1';
const viewer = (role: Role): Viewer => ({ userId: 'u-1', organizationId: ORG, role });
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

const resource = (fields: Partial<ResourceView> = {}) =>
  ({ id: 'res-1', timeZone: 'Europe/London', openHours: ALL_DAY, blackouts: [], ...fields }) as ResourceView;

function analytics(
  options: { resources?: ResourceView[]; booked?: (windows: readonly OpenWindow[]) => { date: string; seconds: number }[] } = {},
) {
  const seen: { windows: readonly OpenWindow[] } = { windows: [] };
  const data = fakeDataAccess<SchedulingRepositories>({
    analytics: {
      bookedTime: async (_org, windows) => {
        seen.windows = windows;
        return (options.booked?.(windows) ?? []).map((row) => ({ resourceId: 'res-1', ...row }));
      },
      bookingsPerDay: async () => [
        // Sunday 2026-12-27 ends ISO week 52; Thursday 2026-12-31 and Sunday 2027-01-03 are both in 2026-W53.
        { date: '2026-12-27', source: 'WEB', bookings: 2 },
        { date: '2026-12-31', source: 'WEB', bookings: 1 },
        { date: '2026-12-31', source: 'API', bookings: 4 },
        { date: '2027-01-03', source: 'WEB', bookings: 3 },
      ],
      conflictsPerDay: async () => [
        { date: '2026-12-28', type: 'DOUBLE_BOOKING', status: 'OPEN', conflicts: 1 },
        { date: '2027-01-02', type: 'DOUBLE_BOOKING', status: 'OPEN', conflicts: 2 },
      ],
    },
  });
  const service = new AnalyticsService({
    data,
    resources: { findForReport: async () => options.resources ?? [resource()] },
    settings: { defaultTimeZone: async () => 'Europe/Berlin' },
  });
  return { service, seen };
}

const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('resource utilisation', () => {
  it('counts 23 open hours on the spring-forward date and 25 on the fall-back date of a resource open all day', async () => {
    const { service } = analytics();
    // London: clocks go forward on 2031-03-30 (that local date ends at 23:00Z) and back on 2031-10-26.
    const [spring] = await service.resourceUtilisation(viewer('ADMIN'), range('2031-03-29T00:00:00Z', '2031-03-30T23:00:00Z'), null);
    expect(spring!.days.map((day) => [day.date, day.openHours])).toEqual([
      ['2031-03-29', 24],
      ['2031-03-30', 23],
    ]);
    // The local day 2031-10-26 starts at 2031-10-25T23:00Z (BST) and ends at 2031-10-27T00:00Z (GMT).
    const [autumn] = await service.resourceUtilisation(viewer('ADMIN'), range('2031-10-25T23:00:00Z', '2031-10-27T00:00:00Z'), null);
    expect(autumn!.days.map((day) => [day.date, day.openHours])).toEqual([['2031-10-26', 25]]);
    expect(autumn!.openHours).toBe(25);
  });

  it('divides booked by open hours per local date, leaves blackout dates closed (ratio null), and totals the range', async () => {
    const nineToFive = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }));
    const { service, seen } = analytics({
      resources: [
        resource({
          openHours: nineToFive,
          blackouts: [{ id: 'b', resourceId: 'res-1', startsOn: '2031-01-07', endsOn: '2031-01-07', reason: null }],
        }),
      ],
      booked: () => [{ date: '2031-01-06', seconds: 2 * 3600 }],
    });
    const [report] = await service.resourceUtilisation(viewer('OWNER'), range('2031-01-06T00:00:00Z', '2031-01-09T00:00:00Z'), null);
    // The database gets the open windows to clip bookings to: none on the blackout date.
    expect(seen.windows.map((window) => window.date)).toEqual(['2031-01-06', '2031-01-08']);
    expect(report!.days).toEqual([
      { date: '2031-01-06', openHours: 8, bookedHours: 2, ratio: 0.25 },
      { date: '2031-01-07', openHours: 0, bookedHours: 0, ratio: null },
      { date: '2031-01-08', openHours: 8, bookedHours: 0, ratio: 0 },
    ]);
    expect(report).toMatchObject({ openHours: 16, bookedHours: 2, ratio: 0.125 });
  });

  it('is for admins and owners only', async () => {
    const { service } = analytics();
    await expect(
      service.resourceUtilisation(viewer('MODERATOR'), range('2031-01-06T00:00:00Z', '2031-01-07T00:00:00Z'), null),
    ).rejects.toThrow(DomainError);
  });
});

describe('booking activity', () => {
  it('buckets local dates into ISO weeks of the organization, across a year end, empty weeks included', async () => {
    const { service } = analytics();
    const report = await service.bookingActivity(viewer('ADMIN'), range('2026-12-20T00:00:00Z', '2027-01-12T00:00:00Z'));
    expect(report.timeZone).toBe('Europe/Berlin');
    expect(report.weeks.map((week) => [week.week, week.startsOn, week.bookings, week.conflicts])).toEqual([
      ['2026-W51', '2026-12-14', 0, 0],
      ['2026-W52', '2026-12-21', 2, 0],
      ['2026-W53', '2026-12-28', 8, 3],
      ['2027-W01', '2027-01-04', 0, 0],
      ['2027-W02', '2027-01-11', 0, 0],
    ]);
    expect(report.weeks[2]!.bySource).toEqual([
      { source: 'WEB', bookings: 4 },
      { source: 'API', bookings: 4 },
    ]);
    expect(report.weeks[2]!.conflictsByTypeAndStatus).toEqual([{ type: 'DOUBLE_BOOKING', status: 'OPEN', conflicts: 3 }]);
  });

  it('names ISO weeks as ISO 8601 does at year ends', () => {
    expect(isoWeekOf('2027-01-01')).toEqual({ week: '2026-W53', startsOn: '2026-12-28' });
    expect(isoWeekOf('2029-12-31')).toEqual({ week: '2030-W01', startsOn: '2029-12-31' });
  });
});
