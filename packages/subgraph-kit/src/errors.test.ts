import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './errors.ts';

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
