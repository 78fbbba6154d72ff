import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const invitationSelect = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  invitedById: true,
  expiresAt: true,
  acceptedAt: true,
  createdAt: true,
} satisfies Prisma.InvitationSelect;

export type InvitationRecord = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

export class InvitationRepository {
  constructor(private readonly db: Db) {}

  create(data: Omit<InvitationRecord, 'id' | 'acceptedAt' | 'createdAt'> & { tokenHash: string }): Promise<InvitationRecord> {
    return this.db.invitation.create({ data, select: invitationSelect });
  }

  findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    return this.db.invitation.findUnique({ where: { tokenHash }, select: invitationSelect });
  }

  listPending(organizationId: string, now: Date): Promise<InvitationRecord[]> {
    return this.db.invitation.findMany({
      where: { organizationId, acceptedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      select: invitationSelect,
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
