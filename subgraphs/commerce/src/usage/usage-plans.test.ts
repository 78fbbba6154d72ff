import { describe, expect, it } from 'vitest';
import { billingPeriodOf } from './usage-plans.ts';

describe('billingPeriodOf', () => {
  it('is the calendar month in UTC, also across a year end', () => {
    expect(billingPeriodOf(new Date('2026-12-31T23:59:59.999Z'))).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
    expect(billingPeriodOf(new Date('2027-01-01T00:00:00Z')).start).toEqual(new Date('2027-01-01T00:00:00Z'));
  });
});
