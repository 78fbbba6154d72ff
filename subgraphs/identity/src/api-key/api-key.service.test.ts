import { describe, expect, it } from 'vitest';
import { fakeDataAccess } from '@plaza/subgraph-kit';
import type { IdentityRepositories } from '../repositories.ts';
import type { PresentedApiKeyRecord } from './api-key.repository.ts';
import { ApiKeyService } from './api-key.service.ts';

const NOW = new Date('2026-12-03T12:00:00Z');

/** One stored key, as created through the service (so its hash is the service's own), and the uses it recorded. */
async function storedKey(overrides: Partial<PresentedApiKeyRecord> = {}) {
  let stored: PresentedApiKeyRecord | undefined;
  const uses: { at: Date; unlessUsedSince: Date }[] = [];
  const data = fakeDataAccess<IdentityRepositories>({
    memberships: {
      find: async (organizationId, userId) => ({ id: 'm-1', organizationId, userId, role: 'ADMIN', createdAt: NOW }),
    },
    apiKeys: {
      create: async (row) => {
        stored = { ...row, id: 'key-1', lastUsedAt: null, rotatedAt: null, revokedAt: null, createdAt: NOW, ...overrides };
        const { secretHash: _hash, ...record } = stored;
        return record;
      },
      findPresented: async (publicId) => (stored?.publicId === publicId ? stored : null),
      markUsed: async (_id, at, unlessUsedSince) => {
        uses.push({ at, unlessUsedSince });
      },
    },
  });
  const service = new ApiKeyService({ data, now: () => NOW });
  const { key } = await service.create(
    { userId: 'admin-1', organizationId: 'org-1', role: 'ADMIN' },
    { name: 'Sync', scopes: ['community:read'], expiresAt: new Date('2027-01-01T00:00:00Z') },
  );
  return { service, key, uses };
}

describe('ApiKeyService.verify', () => {
  it('answers the key of a matching secret and records its use at most once a minute', async () => {
    const { service, key, uses } = await storedKey();
    expect(await service.verify(key)).toEqual({
      apiKeyId: 'key-1',
      organizationId: 'org-1',
      scopes: ['community:read'],
      refusal: null,
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    });
    expect(uses).toEqual([{ at: NOW, unlessUsedSince: new Date(NOW.getTime() - 60_000) }]);
  });

  it('answers null for a wrong secret, an unknown public id or a malformed key', async () => {
    const { service, key } = await storedKey();
    const lastCharacter = key.at(-1) === 'A' ? 'B' : 'A';
    expect(await service.verify(`${key.slice(0, -1)}${lastCharacter}`)).toBeNull();
    expect(await service.verify(`plz_000000000000${key.slice(16)}`)).toBeNull();
    expect(await service.verify('plz_short')).toBeNull();
    expect(await service.verify(`${key}x`)).toBeNull();
  });

  it('refuses a revoked or expired key without recording a use', async () => {
    const revoked = await storedKey({ revokedAt: NOW });
    expect((await revoked.service.verify(revoked.key))?.refusal).toBe('REVOKED');
    expect(revoked.uses).toEqual([]);
    const expired = await storedKey({ expiresAt: NOW });
    expect((await expired.service.verify(expired.key))?.refusal).toBe('EXPIRED');
    expect(expired.uses).toEqual([]);
  });
});
