import type Stripe from 'stripe';
import type { PaymentProvider, ProviderPayment } from './payment-provider.ts';

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

  async refund(payment: { paymentIntentId: string | null }, amount: number): Promise<void> {
    if (!payment.paymentIntentId) throw new Error('A Stripe payment without a payment intent cannot be refunded');
    await this.stripe.refunds.create({ payment_intent: payment.paymentIntentId, amount });
  }
}
