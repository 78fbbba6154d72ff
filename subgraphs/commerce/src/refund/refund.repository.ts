import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const refundSelect = {
  id: true,
  organizationId: true,
  orderId: true,
  paymentId: true,
  amount: true,
  currency: true,
  status: true,
  providerRefundId: true,
  failureReason: true,
  actorId: true,
  note: true,
  createdAt: true,
  completedAt: true,
} satisfies Prisma.RefundSelect;

export type RefundRecord = Prisma.RefundGetPayload<{ select: typeof refundSelect }>;

export type NewRefund = Pick<RefundRecord, 'organizationId' | 'orderId' | 'paymentId' | 'amount' | 'currency' | 'actorId' | 'note'>;

export class RefundRepository {
  constructor(private readonly db: Db) {}

  /** The order's refund in flight, if any (at most one: a partial unique index). */
  findPendingByOrder(organizationId: string, orderId: string): Promise<RefundRecord | null> {
    return this.db.refund.findFirst({ where: { organizationId, orderId, status: 'PENDING' }, select: refundSelect });
  }

  /** Organizations (across tenants) with a refund still pending that was created before `createdBefore`. */
  async organizationsWithPendingBefore(createdBefore: Date): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ organizationId: string }[]>`
      SELECT "organizationId" FROM plaza_organizations_with_pending_refunds(${createdBefore}::timestamptz)`;
    return rows.map((row) => row.organizationId);
  }

  /** The organization's refunds still pending that were created before `createdBefore`, oldest first. */
  findPendingBefore(organizationId: string, createdBefore: Date): Promise<RefundRecord[]> {
    return this.db.refund.findMany({
      where: { organizationId, status: 'PENDING', createdAt: { lt: createdBefore } },
      orderBy: { createdAt: 'asc' },
      select: refundSelect,
    });
  }

  /** Throws a unique violation when the order already has a refund in flight. */
  create(data: NewRefund): Promise<RefundRecord> {
    return this.db.refund.create({ data, select: refundSelect });
  }

  /** PENDING → SUCCEEDED or FAILED; false when it was not pending any more (completed concurrently). */
  async complete(
    id: string,
    outcome: { status: 'SUCCEEDED'; providerRefundId: string | null } | { status: 'FAILED'; failureReason: string },
  ): Promise<boolean> {
    const { count } = await this.db.refund.updateMany({
      where: { id, status: 'PENDING' },
      data: { ...outcome, completedAt: new Date() },
    });
    return count === 1;
  }
}
