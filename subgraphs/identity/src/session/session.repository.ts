import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const sessionSelect = {
  id: true,
  userId: true,
  activeOrganizationId: true,
  createdAt: true,
  revokedAt: true,
} satisfies Prisma.SessionSelect;
export type SessionRecord = Prisma.SessionGetPayload<{ select: typeof sessionSelect }>;

const refreshTokenSelect = {
  id: true,
  sessionId: true,
  expiresAt: true,
  usedAt: true,
  session: { select: sessionSelect },
} satisfies Prisma.RefreshTokenSelect;
export type RefreshTokenRecord = Prisma.RefreshTokenGetPayload<{ select: typeof refreshTokenSelect }>;

/** Sign-in sessions and their refresh tokens: a user's rows, not a tenant's (no RLS). */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  create(data: { userId: string; activeOrganizationId: string | null }): Promise<SessionRecord> {
    return this.db.session.create({ data, select: sessionSelect });
  }

  find(id: string): Promise<SessionRecord | null> {
    return this.db.session.findUnique({ where: { id }, select: sessionSelect });
  }

  async moveToOrganization(id: string, organizationId: string | null): Promise<void> {
    await this.db.session.update({ where: { id }, data: { activeOrganizationId: organizationId }, select: { id: true } });
  }

  async markRefreshed(id: string, at: Date): Promise<void> {
    await this.db.session.update({ where: { id }, data: { lastRefreshedAt: at }, select: { id: true } });
  }

  /** Revokes the session unless it already is; true when this call revoked it. */
  async revoke(id: string, reason: string, at: Date): Promise<boolean> {
    const { count } = await this.db.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at, revokedReason: reason } });
    return count === 1;
  }

  /** Revokes every live session of the user; returns how many it ended. */
  async revokeAllOfUser(userId: string, reason: string, at: Date): Promise<number> {
    const { count } = await this.db.session.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: at, revokedReason: reason },
    });
    return count;
  }

  async addRefreshToken(data: { sessionId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.db.refreshToken.create({ data, select: { id: true } });
  }

  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null> {
    return this.db.refreshToken.findUnique({ where: { tokenHash }, select: refreshTokenSelect });
  }

  /** Marks the token used unless it already was; false means it had been used (a replay). */
  async markRefreshTokenUsed(id: string, at: Date): Promise<boolean> {
    const { count } = await this.db.refreshToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } });
    return count === 1;
  }
}
