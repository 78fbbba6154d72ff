import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const subscriptionSelect = { id: true, endpoint: true, createdAt: true } satisfies Prisma.PushSubscriptionSelect;
const targetSelect = { id: true, endpoint: true, p256dh: true, auth: true } satisfies Prisma.PushSubscriptionSelect;

/** What the viewer sees of one of their subscriptions (never the keys). */
export type PushSubscriptionRecord = Prisma.PushSubscriptionGetPayload<{ select: typeof subscriptionSelect }>;
/** Where and for which keys the delivery worker encrypts one push message. */
export type PushTarget = Prisma.PushSubscriptionGetPayload<{ select: typeof targetSelect }>;

export interface NewPushSubscription {
  organizationId: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export class PushSubscriptionRepository {
  constructor(private readonly db: Db) {}

  /** Creates the subscription, or updates the keys of the user's one with the same endpoint. */
  upsert(subscription: NewPushSubscription): Promise<PushSubscriptionRecord> {
    const { organizationId, userId, endpoint, p256dh, auth } = subscription;
    return this.db.pushSubscription.upsert({
      where: { organizationId_userId_endpoint: { organizationId, userId, endpoint } },
      create: subscription,
      update: { p256dh, auth },
      select: subscriptionSelect,
    });
  }

  /** True when there was one to remove. */
  async remove(organizationId: string, userId: string, endpoint: string): Promise<boolean> {
    const { count } = await this.db.pushSubscription.deleteMany({ where: { organizationId, userId, endpoint } });
    return count > 0;
  }

  findTargets(organizationId: string, userId: string): Promise<PushTarget[]> {
    return this.db.pushSubscription.findMany({ where: { organizationId, userId }, orderBy: { createdAt: 'asc' }, select: targetSelect });
  }

  /** Removes a subscription the push service said is gone (404/410), by id. */
  async removeById(id: string): Promise<void> {
    await this.db.pushSubscription.deleteMany({ where: { id } });
  }
}
