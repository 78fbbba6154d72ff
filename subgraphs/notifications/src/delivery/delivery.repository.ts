import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { DeliveryContent } from './delivery-content.ts';

const deliverySelect = {
  id: true,
  organizationId: true,
  notificationId: true,
  channel: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  sentAt: true,
} satisfies Prisma.NotificationDeliverySelect;

export type DeliveryRecord = Prisma.NotificationDeliveryGetPayload<{ select: typeof deliverySelect }>;

/**
 * A delivery reserved by one worker run: its attempt is already counted. The columns `claimDue`
 * returns (raw SQL, so the select is only a type); `content` is as stored (see DeliveryContent).
 */
export type ClaimedDelivery = Prisma.NotificationDeliveryGetPayload<{
  select: { id: true; organizationId: true; notificationId: true; channel: true; address: true; content: true; attempts: true };
}>;

export type NewDelivery = Pick<DeliveryRecord, 'organizationId' | 'notificationId' | 'channel' | 'status' | 'lastError'> & {
  address: string | null;
  content: DeliveryContent;
};

// Prisma writes DateTime columns (timestamp without time zone) in UTC; raw SQL compares the same way.
const utc = (date: Date) => date.toISOString();

export class DeliveryRepository {
  constructor(private readonly db: Db) {}

  findByNotificationIds(organizationId: string, notificationIds: readonly string[]): Promise<DeliveryRecord[]> {
    return this.db.notificationDelivery.findMany({
      where: { organizationId, notificationId: { in: [...notificationIds] } },
      orderBy: { channel: 'asc' },
      select: deliverySelect,
    });
  }

  async createMany(deliveries: readonly NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.notificationDelivery.createMany({
      data: deliveries.map((delivery) => ({ ...delivery, content: { ...delivery.content } })),
    });
  }

  /**
   * Reserves up to `limit` PENDING deliveries due at `now`, oldest due first: counts the attempt
   * and pushes `nextAttemptAt` to `leaseUntil`, so a worker that dies mid-send leaves the row to be
   * retried after the lease. SKIP LOCKED lets concurrent workers take disjoint rows.
   */
  /**
   * Organizations with a PENDING delivery due at `now`: the delivery job works organization by
   * organization, so every claim runs inside one organization's row-level security scope. The
   * SECURITY DEFINER function (tenant_rls migration) is the one read across organizations, and
   * it returns ids only.
   */
  async organizationsWithDueDeliveries(now: Date): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ organizationId: string }[]>`
      SELECT "organizationId" FROM plaza_organizations_with_due_deliveries(CAST(${utc(now)} AS timestamp(3)))`;
    return rows.map((row) => row.organizationId);
  }

  claimDue(organizationId: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.db.$queryRaw<ClaimedDelivery[]>`
      UPDATE "NotificationDelivery" AS d
      SET "attempts" = d."attempts" + 1,
          "nextAttemptAt" = CAST(${utc(leaseUntil)} AS timestamp(3)),
          "updatedAt" = CAST(${utc(now)} AS timestamp(3))
      WHERE d."id" IN (
        SELECT "id" FROM "NotificationDelivery"
        WHERE "organizationId" = ${organizationId} AND "status" = 'PENDING' AND "nextAttemptAt" <= CAST(${utc(now)} AS timestamp(3))
        ORDER BY "nextAttemptAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING d."id", d."organizationId", d."notificationId", d."channel"::text AS "channel",
                d."address", d."content", d."attempts"`;
  }

  async markSent(id: string, sentAt: Date): Promise<void> {
    await this.db.notificationDelivery.update({ where: { id }, data: { status: 'SENT', sentAt, lastError: null }, select: { id: true } });
  }

  async scheduleRetry(id: string, nextAttemptAt: Date, lastError: string): Promise<void> {
    await this.db.notificationDelivery.update({
      where: { id },
      data: { status: 'PENDING', nextAttemptAt, lastError },
      select: { id: true },
    });
  }

  async markFailed(id: string, lastError: string): Promise<void> {
    await this.db.notificationDelivery.update({ where: { id }, data: { status: 'FAILED', lastError }, select: { id: true } });
  }
}
