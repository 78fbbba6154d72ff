import Stripe from 'stripe';
import { RefundRefused, type PaymentProvider, type ProviderPayment } from './payment-provider.ts';

const StripeErrors = Stripe.errors;

/** Stripe's API through its official client. Amounts are minor units on both sides. */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'STRIPE' as const;

  constructor(private readonly stripe: Stripe) {}

  async charge(request: Parameters<PaymentProvider['charge']>[0]): Promise<ProviderPayment> {
    // The metadata comes back in every webhook about the intent: it names the order and the
    // organization, so an event can be applied even before this call's answer was stored.
    const intent = await this.stripe.paymentIntents.create(
      {
        amount: request.amount,
        currency: request.currency.toLowerCase(),
        metadata: { organizationId: request.organizationId, orderId: request.orderId, paymentId: request.paymentId },
        ...(request.paymentMethod ? { payment_method: request.paymentMethod, confirm: true } : {}),
      },
      { idempotencyKey: `payment-${request.paymentId}` },
    );
    return {
      status: intent.status === 'succeeded' ? 'SUCCEEDED' : intent.last_payment_error ? 'FAILED' : 'PENDING',
      paymentIntentId: intent.id,
      chargeId: typeof intent.latest_charge === 'string' ? intent.latest_charge : (intent.latest_charge?.id ?? null),
      providerCustomerId: typeof intent.customer === 'string' ? intent.customer : (intent.customer?.id ?? null),
      clientSecret: intent.client_secret,
      failureReason: intent.last_payment_error?.message ?? null,
    };
  }

  async refund(payment: { paymentIntentId: string | null }, amount: number, idempotencyKey: string): Promise<{ providerRefundId: string }> {
    if (!payment.paymentIntentId) throw new RefundRefused('A Stripe payment without a payment intent cannot be refunded');
    try {
      // Stripe keeps the answer to a key for 24 hours: a retry of the same refund returns it and refunds nothing more.
      const refund = await this.stripe.refunds.create({ payment_intent: payment.paymentIntentId, amount }, { idempotencyKey });
      return { providerRefundId: refund.id };
    } catch (error) {
      // A request Stripe answered with a 4xx is refused for good; network errors and 5xx leave the outcome unknown.
      if (error instanceof StripeErrors.StripeInvalidRequestError || error instanceof StripeErrors.StripeCardError)
        throw new RefundRefused(error.message);
      throw error;
    }
  }
}
