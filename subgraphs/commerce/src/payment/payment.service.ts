import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember, type DataAccess, type TenantScope } from '@plaza/subgraph-kit';
import type Stripe from 'stripe';
import type { DownloadService } from '../download/download.service.ts';
import type { PaymentProvider as ProviderName } from '../generated/prisma/enums.ts';
import { recordOrderPaid } from '../order/order-events.ts';
import { requireTransition } from '../order/order-status.ts';
import type { OrderRecord } from '../order/order.repository.ts';
import type { CommerceRepositories } from '../repositories.ts';
import { isAdmin } from '../viewer.ts';
import type { RefundRecord } from '../refund/refund.repository.ts';
import { RefundRefused, type PaymentProvider, type ProviderPayment } from './payment-provider.ts';
import type { PaymentRecord } from './payment.repository.ts';

/** Stripe's webhook verification: the official client's constructEvent and the endpoint's secret. */
export interface StripeWebhookVerifier {
  stripe: Pick<Stripe, 'webhooks'>;
  secret: string;
}

export interface PaymentResult {
  payment: PaymentRecord;
  order: OrderRecord;
  clientSecret: string | null;
}

/**
 * Payments of orders through a provider. The provider is called outside any transaction (it is
 * a network call); its answer is applied in one transaction that pays the order only if it is
 * still pending. Stripe's webhooks are verified with Stripe's own signature check, applied at
 * most once per event id, and an event older than the last one applied changes nothing.
 */
export class PaymentService {
  constructor(
    private readonly deps: {
      data: DataAccess<CommerceRepositories>;
      providers: Partial<Record<ProviderName, PaymentProvider>>;
      stripeWebhooks?: StripeWebhookVerifier;
      /** Verified Stripe events that are not about payment intents (subscriptions, invoices); null: not handled. */
      otherStripeEvents?: (event: Stripe.Event) => Promise<{ applied: boolean; reason: string } | null>;
      /** Grants the downloads of a paid order's digital items, in the payment's transaction. */
      downloads?: Pick<DownloadService, 'grantForPaidOrder'>;
    },
  ) {}

  provider(name: ProviderName): PaymentProvider {
    const provider = this.deps.providers[name];
    if (!provider) throw new DomainError('BAD_USER_INPUT', `Payment provider ${name} is not configured here`, { field: 'provider' });
    return provider;
  }

  /** Pays the viewer's pending order (admins: any pending order). */
  async pay(viewer: Viewer, orderId: string, request: { provider: ProviderName; paymentMethod: string | null }): Promise<PaymentResult> {
    const member = requireMember(viewer);
    const provider = this.provider(request.provider);
    const payment = await this.deps.data.transaction(viewer, async ({ orders, payments }) => {
      const [order] = await orders.findByIds(member.organizationId, [orderId]);
      if (!order || (order.customerId !== member.userId && !isAdmin(member))) throw notFound('Order', orderId);
      requireTransition(order, 'pay');
      const pending = (await payments.findByOrderIds(member.organizationId, [orderId])).find((candidate) => candidate.status === 'PENDING');
      if (pending)
        throw new DomainError(
          'CONFLICT',
          `Order #${order.number} has a payment in progress (${pending.id}); wait for it to complete or fail`,
          {
            paymentId: pending.id,
          },
        );
      return payments.create({
        organizationId: member.organizationId,
        orderId,
        provider: provider.name,
        amount: order.total,
        currency: order.currency,
      });
    });
    const answer = await provider
      .charge({
        paymentId: payment.id,
        organizationId: member.organizationId,
        orderId,
        amount: payment.amount,
        currency: payment.currency,
        customerId: member.userId,
        paymentMethod: request.paymentMethod,
      })
      .catch((error: unknown): ProviderPayment => ({
        status: 'FAILED',
        paymentIntentId: null,
        chargeId: null,
        providerCustomerId: null,
        clientSecret: null,
        failureReason: `${provider.name} refused the payment: ${error instanceof Error ? error.message : String(error)}`,
      }));
    return this.deps.data.transaction(viewer, async (repositories) => {
      const updated = await this.apply(
        repositories,
        { organizationId: member.organizationId, userId: member.userId },
        payment,
        answer,
        null,
      );
      const [order] = await repositories.orders.findByIds(member.organizationId, [orderId]);
      return { payment: updated, order: order!, clientSecret: answer.clientSecret };
    });
  }

  /** Handles one request to the Stripe webhook route: 400 for a bad signature, with nothing changed. */
  async handleStripeWebhook(body: Buffer, signature: string | string[] | undefined): Promise<{ status: number; body: unknown }> {
    const verifier = this.deps.stripeWebhooks;
    if (!verifier) return { status: 404, body: { error: 'Stripe is not configured (STRIPE_WEBHOOK_SECRET)' } };
    let event: Stripe.Event;
    try {
      event = verifier.stripe.webhooks.constructEvent(body, signature ?? '', verifier.secret);
    } catch (error) {
      return {
        status: 400,
        body: { error: `Webhook signature verification failed: ${error instanceof Error ? error.message : String(error)}` },
      };
    }
    if (event.type !== 'payment_intent.succeeded' && event.type !== 'payment_intent.payment_failed') {
      const outcome = await this.deps.otherStripeEvents?.(event);
      return {
        status: 200,
        body: { received: true, applied: outcome?.applied ?? false, reason: outcome?.reason ?? `${event.type} is not handled` },
      };
    }
    const intent = event.data.object;
    const { organizationId, orderId } = intent.metadata;
    if (!organizationId || !orderId)
      return { status: 200, body: { received: true, applied: false, reason: 'The payment intent names no Plaza order' } };
    const scope: TenantScope = { organizationId, userId: null };
    const outcome = await this.deps.data.transaction(scope, async (repositories) => {
      if (!(await repositories.payments.markProcessed({ provider: 'STRIPE', eventId: event.id, organizationId, type: event.type })))
        return 'duplicate';
      const [order] = await repositories.orders.findByIds(organizationId, [orderId]);
      if (!order) return 'unknown order';
      // The event may come before the answer to our own request was stored: the intent's metadata is enough.
      const payment =
        (await repositories.payments.findByIntent('STRIPE', intent.id)) ??
        (await repositories.payments.create({
          organizationId,
          orderId,
          provider: 'STRIPE',
          paymentIntentId: intent.id,
          amount: intent.amount,
          currency: intent.currency.toUpperCase(),
        }));
      const occurredAt = new Date(event.created * 1000);
      if (payment.providerUpdatedAt && occurredAt < payment.providerUpdatedAt) return 'stale';
      if (payment.status === 'SUCCEEDED') return 'already succeeded';
      const succeeded = event.type === 'payment_intent.succeeded';
      await this.apply(
        repositories,
        scope,
        payment,
        {
          status: succeeded ? 'SUCCEEDED' : 'FAILED',
          paymentIntentId: intent.id,
          chargeId: typeof intent.latest_charge === 'string' ? intent.latest_charge : (intent.latest_charge?.id ?? null),
          providerCustomerId: typeof intent.customer === 'string' ? intent.customer : (intent.customer?.id ?? null),
          clientSecret: null,
          failureReason: succeeded ? null : (intent.last_payment_error?.message ?? 'The payment failed'),
        },
        occurredAt,
      );
      return 'applied';
    });
    return { status: 200, body: { received: true, applied: outcome === 'applied', reason: outcome } };
  }

  /** Stores a provider's answer; a success pays the order when it is still pending. */
  private async apply(
    repositories: CommerceRepositories,
    scope: TenantScope,
    payment: PaymentRecord,
    answer: ProviderPayment,
    occurredAt: Date | null,
  ): Promise<PaymentRecord> {
    const updated = await repositories.payments.update(payment.id, {
      status: answer.status,
      paymentIntentId: answer.paymentIntentId ?? payment.paymentIntentId,
      chargeId: answer.chargeId ?? payment.chargeId,
      providerCustomerId: answer.providerCustomerId ?? payment.providerCustomerId,
      failureReason: answer.failureReason,
      ...(occurredAt ? { providerUpdatedAt: occurredAt } : {}),
    });
    if (answer.status !== 'SUCCEEDED') return updated;
    const [order] = await repositories.orders.findByIds(payment.organizationId, [payment.orderId]);
    if (order?.status === 'PENDING' && (await repositories.orders.transition(order.id, order, { status: 'PAID' }))) {
      await repositories.orders.recordTransaction({
        organizationId: payment.organizationId,
        orderId: order.id,
        kind: 'PAYMENT',
        amount: payment.amount,
        fromStatus: 'PENDING',
        toStatus: 'PAID',
        actorId: scope.userId,
        note: `${payment.provider} payment ${updated.paymentIntentId ?? updated.id}`,
      });
      await recordOrderPaid(repositories, order, scope.userId);
      await this.deps.downloads?.grantForPaidOrder(repositories, order);
    }
    return updated;
  }

  /** The order's succeeded payment, the one a refund goes back through; null when it was paid outside the shop. */
  async refundablePayment(
    repositories: CommerceRepositories,
    order: Pick<OrderRecord, 'id' | 'organizationId'>,
  ): Promise<PaymentRecord | null> {
    const payments = await repositories.payments.findByOrderIds(order.organizationId, [order.id]);
    return payments.find((payment) => payment.status === 'SUCCEEDED') ?? null;
  }

  /**
   * Returns a pending refund's money through its payment's provider, keyed by the refund's id:
   * asked again for the same refund (a retry after a crash), the provider moves no more money.
   */
  async refundThroughProvider(
    repositories: CommerceRepositories,
    refund: Pick<RefundRecord, 'id' | 'organizationId' | 'orderId' | 'paymentId' | 'amount'>,
  ): Promise<{ providerRefundId: string }> {
    const payments = await repositories.payments.findByOrderIds(refund.organizationId, [refund.orderId]);
    const payment = payments.find((candidate) => candidate.id === refund.paymentId);
    if (!payment) throw new RefundRefused(`Payment ${refund.paymentId} of the refund is gone`);
    return this.provider(payment.provider).refund(payment, refund.amount, `refund-${refund.id}`);
  }
}
