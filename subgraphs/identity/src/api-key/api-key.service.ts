import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX, isApiKeyScope, type ApiKeyScope, type Viewer } from '@plaza/auth';
import { DomainError, afterId, idCursor, notFound, toConnection, type ConnectionArgs, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { actingMember } from '../membership/acting-member.ts';
import type { IdentityRepositories } from '../repositories.ts';
import type { ApiKeyRecord } from './api-key.repository.ts';
import type { createApiKeyInput } from './api-key.validation.ts';

/** A key just issued: the record and, this once, the whole key. */
export interface IssuedApiKey {
  apiKey: ApiKeyRecord;
  key: string;
}

/** What the gateway learns about a presented key. */
export interface ApiKeyVerdict {
  apiKeyId: string;
  organizationId: string;
  scopes: ApiKeyScope[];
  /** Why the key may not be used now; null when it may. */
  refusal: 'EXPIRED' | 'REVOKED' | null;
  expiresAt: Date;
}

/** `plz_` + 12 hex characters of public id + `_` + 43 base64url characters (256 random bits). */
const PRESENTED_KEY = /^plz_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** How stale `lastUsedAt` may get: a busy integration writes its key's row once a minute, not on every request. */
const LAST_USED_PRECISION_MS = 60_000;

/**
 * A plain SHA-256, not a password hash: the secret is 256 random bits, so there is nothing to
 * guess and no dictionary to slow down — a slow KDF (bcrypt, scrypt) would only add latency to
 * every API request. A leaked table still yields no usable key.
 */
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

const matches = (secret: string, storedHex: string) => {
  const stored = Buffer.from(storedHex, 'hex');
  const presented = hashSecret(secret);
  return stored.length === presented.length && timingSafeEqual(stored, presented);
};

/**
 * API keys of an organization: admins create, list, rotate and revoke them (as themselves — a
 * key cannot manage keys); the gateway verifies presented keys on every request that carries one.
 */
export class ApiKeyService {
  constructor(private readonly deps: { data: DataAccess<IdentityRepositories>; now?: () => Date }) {}

  now() {
    return this.deps.now?.() ?? new Date();
  }

  async list(viewer: Viewer, args: ConnectionArgs & { includeRevoked: boolean }) {
    const { memberships, apiKeys } = this.deps.data.repositories(viewer);
    const { organizationId } = await actingMember(memberships, viewer, 'ADMIN');
    const rows = await apiKeys.listByOrganization(organizationId, {
      afterId: afterId(args),
      take: args.first + 1,
      includeRevoked: args.includeRevoked,
    });
    return toConnection(rows, args.first, idCursor);
  }

  async create(viewer: Viewer, input: z.output<ReturnType<typeof createApiKeyInput>>): Promise<IssuedApiKey> {
    return this.deps.data.transaction(viewer, async ({ memberships, apiKeys }) => {
      const acting = await actingMember(memberships, viewer, 'ADMIN');
      const publicId = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const apiKey = await apiKeys.create({
        organizationId: acting.organizationId,
        publicId,
        name: input.name,
        scopes: input.scopes,
        createdById: acting.userId,
        expiresAt: input.expiresAt,
        secretHash: hashSecret(secret).toString('hex'),
      });
      return { apiKey, key: `${API_KEY_PREFIX}${publicId}_${secret}` };
    });
  }

  /** A new secret for the key (same id, prefix, scopes and expiry): the old one stops working at once. */
  async rotate(viewer: Viewer, id: string): Promise<IssuedApiKey> {
    return this.deps.data.transaction(viewer, async ({ memberships, apiKeys }) => {
      const acting = await actingMember(memberships, viewer, 'ADMIN');
      const existing = await apiKeys.find(acting.organizationId, id);
      if (!existing) throw notFound('ApiKey', id);
      if (existing.revokedAt) {
        throw new DomainError('CONFLICT', `API key ${id} was revoked on ${existing.revokedAt.toISOString()}; create a new one`, {
          reason: 'REVOKED',
        });
      }
      const secret = randomBytes(32).toString('base64url');
      const apiKey = await apiKeys.replaceSecret(id, hashSecret(secret).toString('hex'), this.now());
      return { apiKey, key: `${API_KEY_PREFIX}${existing.publicId}_${secret}` };
    });
  }

  /** Revokes the key; the next request with it is refused. Revoking a revoked key changes nothing. */
  async revoke(viewer: Viewer, id: string): Promise<ApiKeyRecord> {
    return this.deps.data.transaction(viewer, async ({ memberships, apiKeys }) => {
      const acting = await actingMember(memberships, viewer, 'ADMIN');
      const existing = await apiKeys.find(acting.organizationId, id);
      if (!existing) throw notFound('ApiKey', id);
      return existing.revokedAt ? existing : apiKeys.revoke(id, this.now());
    });
  }

  /**
   * What a presented key may do now; null when no key matches it (malformed, unknown public id,
   * wrong secret — one answer for all). Records the use at most once a minute.
   */
  async verify(presented: string): Promise<ApiKeyVerdict | null> {
    const match = PRESENTED_KEY.exec(presented);
    if (!match) return null;
    const [, publicId, secret] = match as unknown as [string, string, string];
    // No tenant yet: the row is reached through its public id alone (see findPresented).
    return this.deps.data.transaction({ organizationId: null, userId: null }, async ({ apiKeys }) => {
      const key = await apiKeys.findPresented(publicId);
      if (!key || !matches(secret, key.secretHash)) return null;
      const now = this.now();
      const refusal = key.revokedAt ? 'REVOKED' : key.expiresAt <= now ? 'EXPIRED' : null;
      if (!refusal) await apiKeys.markUsed(key.id, now, new Date(now.getTime() - LAST_USED_PRECISION_MS));
      return {
        apiKeyId: key.id,
        organizationId: key.organizationId,
        scopes: key.scopes.filter(isApiKeyScope),
        refusal,
        expiresAt: key.expiresAt,
      };
    });
  }
}
