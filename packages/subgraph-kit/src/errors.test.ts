import { describe, expect, it } from 'vitest';
import { isExclusionViolation, isUniqueViolation } from './errors.ts';

// The two shapes Prisma's driver adapters give a unique violation (seen on PostgreSQL and PGlite).
const onPostgres = {
  code: 'P2002',
  meta: {
    driverAdapterError: { cause: { kind: 'UniqueConstraintViolation', constraint: { index: 'CommunitySettings_customDomain_key' } } },
  },
};
const onPGlite = {
  code: 'P2002',
  meta: {
    driverAdapterError: {
      cause: { originalMessage: 'duplicate key value violates unique constraint "CommunitySettings_customDomain_key"' },
    },
  },
};

describe('isUniqueViolation', () => {
  it('recognises the field from the index PostgreSQL names, or from the message PGlite passes on', () => {
    expect(isUniqueViolation(onPostgres, 'customDomain')).toBe(true);
    expect(isUniqueViolation(onPGlite, 'customDomain')).toBe(true);
  });

  it('says no for another field, another error code or something that is not a Prisma error', () => {
    expect(isUniqueViolation(onPostgres, 'slug')).toBe(false);
    expect(isUniqueViolation({ ...onPGlite, code: 'P2025' }, 'customDomain')).toBe(false);
    expect(isUniqueViolation(new Error('customDomain'), 'customDomain')).toBe(false);
    expect(isUniqueViolation(null, 'customDomain')).toBe(false);
  });
});

// What PostgreSQL's and PGlite's adapters both gave for a refused insert (P2039), and a raw query's error.
const exclusionMessage = 'conflicting key value violates exclusion constraint "Booking_no_overlap"';
const exclusionThroughPrisma = {
  code: 'P2039',
  meta: { driverAdapterError: { cause: { originalCode: '23P01', originalMessage: exclusionMessage, kind: 'postgres', code: '23P01' } } },
};

describe('isExclusionViolation', () => {
  it('recognises the constraint through Prisma (PostgreSQL and PGlite) and from a raw driver error', () => {
    expect(isExclusionViolation(exclusionThroughPrisma, 'Booking_no_overlap')).toBe(true);
    expect(isExclusionViolation({ code: '23P01', constraint: 'Booking_no_overlap', message: exclusionMessage }, 'Booking_no_overlap')).toBe(
      true,
    );
    expect(isExclusionViolation({ code: '23P01', message: exclusionMessage }, 'Booking_no_overlap')).toBe(true);
  });

  it('says no for another constraint, another SQLSTATE or something else', () => {
    expect(isExclusionViolation(exclusionThroughPrisma, 'Appointment_no_overlap')).toBe(false);
    expect(isExclusionViolation({ code: '23505', message: exclusionMessage }, 'Booking_no_overlap')).toBe(false);
    expect(isExclusionViolation(new Error(exclusionMessage), 'Booking_no_overlap')).toBe(false);
    expect(isExclusionViolation(undefined, 'Booking_no_overlap')).toBe(false);
  });
});
