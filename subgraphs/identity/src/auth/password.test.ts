import { loadConfig } from '@plaza/config';
import { describe, expect, it } from 'vitest';
import { identitySettings } from '../context.ts';
import { hashPassword, verifyPassword } from './password.ts';

const PASSWORD = 'correct-horse-battery';

describe('password hashing', () => {
  it('hashes with scrypt N=2^15, r=8, p=1 unless the configuration lowers it', async () => {
    expect(loadConfig(identitySettings, {}).PLAZA_PASSWORD_COST).toBe(15);
    const stored = await hashPassword(PASSWORD);
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    // Two derivations at production's cost: seconds on a busy machine.
  }, 30_000);

  it('verifies a hash by the cost it was made with, so a lowered or raised cost keeps old hashes valid', async () => {
    const cheap = await hashPassword(PASSWORD, 10);
    expect(cheap.split('$')[1]).toBe('1024');
    expect(await verifyPassword(PASSWORD, cheap)).toBe(true);
    expect(await verifyPassword('wrong-horse-battery', cheap)).toBe(false);
  });

  it('refuses a configured cost below 2^10', () => {
    expect(() => loadConfig(identitySettings, { PLAZA_PASSWORD_COST: '8' })).toThrow(/PLAZA_PASSWORD_COST: must be at least 10/);
  });
});
