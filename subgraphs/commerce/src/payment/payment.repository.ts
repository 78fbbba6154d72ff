import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { PaymentProvider } from '../generated/prisma/enums.ts';

const paymentSelect = {
  id: true,
  organizationId: true,
  orderId: true,
  provider: true,
  providerCustomerId: true,
  paymentIntentId: true,
  chargeId: true,
  amount: true,
  currency: true,
  status: true,
  failureReason: true,
  refundedAmount: true,
  providerUpdatedAt: true,
  createdAt: true,
} satisfies Prisma.PaymentSelect;

export type PaymentRecord = Prisma.PaymentGetPayload<{ select: typeof paymentSelect }>;

export type NewPayment = Pick<PaymentRecord, 'organizationId' | 'orderId' | 'provider' | 'amount' | 'currency'> &
  Partial<Pick<PaymentRecord, 'paymentIntentId' | 'providerUpdatedAt'>>;

export type PaymentChanges = Partial<
  Pick<
    PaymentRecord,
    'status' | 'paymentIntentId' | 'chargeId' | 'providerCustomerId' | 'failureReason' | 'refundedAmount' | 'providerUpdatedAt'
  >
>;

export class PaymentRepository {
  constructor(private readonly db: Db) {}

  /** Oldest first. */
  findByOrderIds(organizationId: string, orderIds: readonly string[]): Promise<PaymentRecord[]> {
    return this.db.payment.findMany({
      where: { organizationId, orderId: { in: [...orderIds] } },
      orderBy: { id: 'asc' },
      select: paymentSelect,
    });
  }

  findByIntent(provider: PaymentProvider, paymentIntentId: string): Promise<PaymentRecord | null> {
    return this.db.payment.findUnique({ where: { provider_paymentIntentId: { provider, paymentIntentId } }, select: paymentSelect });
  }

  create(data: NewPayment): Promise<PaymentRecord> {
    return this.db.payment.create({ data, select: paymentSelect });
  }

  update(id: string, data: PaymentChanges): Promise<PaymentRecord> {
    return this.db.payment.update({ where: { id }, data, select: paymentSelect });
  }

  /** Records a provider event as processed; false when it already was (a replay). */
  async markProcessed(event: { provider: PaymentProvider; eventId: string; organizationId: string; type: string }): Promise<boolean> {
    const { count } = await this.db.processedWebhookEvent.createMany({ data: [event], skipDuplicates: true });
    return count === 1;
  }
}
