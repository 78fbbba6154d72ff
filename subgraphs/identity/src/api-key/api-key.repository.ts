import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const apiKeySelect = {
  id: true,
  organizationId: true,
  publicId: true,
  name: true,
  scopes: true,
  createdById: true,
  expiresAt: true,
  lastUsedAt: true,
  rotatedAt: true,
  revokedAt: true,
  createdAt: true,
} satisfies Prisma.ApiKeySelect;

/** A key as lists show it: never its secret's hash. */
export type ApiKeyRecord = Prisma.ApiKeyGetPayload<{ select: typeof apiKeySelect }>;

const presentedSelect = { ...apiKeySelect, secretHash: true } satisfies Prisma.ApiKeySelect;

/** A key looked up to check a presented secret against its hash. */
export type PresentedApiKeyRecord = Prisma.ApiKeyGetPayload<{ select: typeof presentedSelect }>;

export class ApiKeyRepository {
  constructor(private readonly db: Db) {}

  create(
    data: Omit<ApiKeyRecord, 'id' | 'lastUsedAt' | 'rotatedAt' | 'revokedAt' | 'createdAt'> & { secretHash: string },
  ): Promise<ApiKeyRecord> {
    return this.db.apiKey.create({ data, select: apiKeySelect });
  }

  find(organizationId: string, id: string): Promise<ApiKeyRecord | null> {
    return this.db.apiKey.findFirst({ where: { id, organizationId }, select: apiKeySelect });
  }

  /** Newest first, keyset-paginated on the time-ordered id; revoked keys only when asked. */
  listByOrganization(
    organizationId: string,
    options: { afterId?: string; take: number; includeRevoked: boolean },
  ): Promise<ApiKeyRecord[]> {
    return this.db.apiKey.findMany({
      where: {
        organizationId,
        ...(options.includeRevoked ? {} : { revokedAt: null }),
        ...(options.afterId ? { id: { lt: options.afterId } } : {}),
      },
      orderBy: { id: 'desc' },
      take: options.take,
      select: apiKeySelect,
    });
  }

  /**
   * The key with this public id, whatever its organization (not known yet when a key is
   * presented). Row-level security lets the statement see that one row only: the public id is
   * named in `plaza.api_key_public_id` for the rest of the transaction, so this must run inside one.
   */
  async findPresented(publicId: string): Promise<PresentedApiKeyRecord | null> {
    await this.db.$queryRaw`SELECT set_config('plaza.api_key_public_id', ${publicId}, true)`;
    return this.db.apiKey.findUnique({ where: { publicId }, select: presentedSelect });
  }

  /** Records a use unless one was recorded since `unlessUsedSince`: at most one write per key per period. */
  async markUsed(id: string, at: Date, unlessUsedSince: Date): Promise<void> {
    await this.db.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: unlessUsedSince } }] },
      data: { lastUsedAt: at },
    });
  }

  replaceSecret(id: string, secretHash: string, at: Date): Promise<ApiKeyRecord> {
    return this.db.apiKey.update({ where: { id }, data: { secretHash, rotatedAt: at }, select: apiKeySelect });
  }

  revoke(id: string, at: Date): Promise<ApiKeyRecord> {
    return this.db.apiKey.update({ where: { id }, data: { revokedAt: at }, select: apiKeySelect });
  }
}
