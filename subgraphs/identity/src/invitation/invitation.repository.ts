import type { Db } from '../db.ts';
import type { Role } from '../generated/prisma/enums.ts';

const invitationColumns = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  invitedById: true,
  expiresAt: true,
  acceptedAt: true,
  createdAt: true,
} as const;

export interface InvitationRecord {
  id: string;
  organizationId: string;
  email: string;
  role: Role;
  invitedById: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  createdAt: Date;
}

export class InvitationRepository {
  constructor(private readonly db: Db) {}

  create(data: Omit<InvitationRecord, 'id' | 'acceptedAt' | 'createdAt'> & { tokenHash: string }): Promise<InvitationRecord> {
    return this.db.invitation.create({ data, select: invitationColumns });
  }

  findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    return this.db.invitation.findUnique({ where: { tokenHash }, select: invitationColumns });
  }

  listPending(organizationId: string, now: Date): Promise<InvitationRecord[]> {
    return this.db.invitation.findMany({
      where: { organizationId, acceptedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      select: invitationColumns,
    });
  }

  /** Marks accepted only if nobody did first; false means another request won the race. */
  async markAccepted(id: string, acceptedById: string, at: Date): Promise<boolean> {
    const { count } = await this.db.invitation.updateMany({
      where: { id, acceptedAt: null },
      data: { acceptedAt: at, acceptedById },
    });
    return count === 1;
  }
}
