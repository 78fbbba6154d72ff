import type { Db } from '../db.ts';
import type { DeliveryStatus, NotificationChannel } from '../generated/prisma/enums.ts';

/** What a delivery sends, rendered once at ingestion. */
export interface DeliveryContent {
  type: string;
  recipientId: string;
  title: string;
  body: string;
  html: string;
}

const deliveryColumns = {
  id: true,
  organizationId: true,
  notificationId: true,
  channel: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  sentAt: true,
} as const;

export interface DeliveryRecord {
  id: string;
  organizationId: string;
  notificationId: string;
  channel: NotificationChannel;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
}

export interface NewDelivery {
  organizationId: string;
  notificationId: string;
  channel: NotificationChannel;
  status: DeliveryStatus;
  address: string | null;
  content: DeliveryContent;
  lastError: string | null;
}

/** A delivery reserved by one worker run: its attempt is already counted. */
export interface ClaimedDelivery {
  id: string;
  organizationId: string;
  notificationId: string;
  channel: NotificationChannel;
  address: string | null;
  content: DeliveryContent;
  attempts: number;
}

// Prisma writes DateTime columns (timestamp without time zone) in UTC; raw SQL compares the same way.
const utc = (date: Date) => date.toISOString();

export class DeliveryRepository {
  constructor(private readonly db: Db) {}

  findByNotificationIds(organizationId: string, notificationIds: readonly string[]): Promise<DeliveryRecord[]> {
    return this.db.notificationDelivery.findMany({
      where: { organizationId, notificationId: { in: [...notificationIds] } },
      orderBy: { channel: 'asc' },
      select: deliveryColumns,
    });
  }

  async createMany(deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.notificationDelivery.createMany({ data: deliveries.map((delivery) => ({ ...delivery, content: { ...delivery.content } })) });
  }

  /**
   * Reserves up to `limit` PENDING deliveries due at `now`, oldest due first: counts the attempt
   * and pushes `nextAttemptAt` to `leaseUntil`, so a worker that dies mid-send leaves the row to be
   * retried after the lease. SKIP LOCKED lets concurrent workers take disjoint rows.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.db.$queryRaw<ClaimedDelivery[]>`
      UPDATE "NotificationDelivery" AS d
      SET "attempts" = d."attempts" + 1,
          "nextAttemptAt" = CAST(${utc(leaseUntil)} AS timestamp(3)),
          "updatedAt" = CAST(${utc(now)} AS timestamp(3))
      WHERE d."id" IN (
        SELECT "id" FROM "NotificationDelivery"
        WHERE "status" = 'PENDING' AND "nextAttemptAt" <= CAST(${utc(now)} AS timestamp(3))
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
    await this.db.notificationDelivery.update({ where: { id }, data: { status: 'PENDING', nextAttemptAt, lastError }, select: { id: true } });
  }

  async markFailed(id: string, lastError: string): Promise<void> {
    await this.db.notificationDelivery.update({ where: { id }, data: { status: 'FAILED', lastError }, select: { id: true } });
  }
}
