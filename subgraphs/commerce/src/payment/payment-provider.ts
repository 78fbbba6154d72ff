import type { PaymentProvider as ProviderName } from '../generated/prisma/enums.ts';

/** What a provider says about a payment it was asked to take. */
export interface ProviderPayment {
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  paymentIntentId: string | null;
  chargeId: string | null;
  providerCustomerId: string | null;
  /** For the client to confirm a PENDING payment (Stripe's client secret); null otherwise. */
  clientSecret: string | null;
  failureReason: string | null;
}

/**
 * A payment provider. Payments are started by the shop; a provider that completes them later
 * (Stripe) reports through its webhooks, which its own route verifies.
 */
export interface PaymentProvider {
  readonly name: ProviderName;
  charge(request: {
    paymentId: string;
    organizationId: string;
    orderId: string;
    amount: number;
    currency: string;
    customerId: string;
    /** Provider-specific: a payment method id (Stripe's pm_…; the test provider's pm_card_visa or pm_card_chargeDeclined). */
    paymentMethod: string | null;
  }): Promise<ProviderPayment>;
  /**
   * Returns `amount` of a succeeded payment. The same `idempotencyKey` again returns the first
   * answer and moves no more money (a retry after a crash). Throws RefundRefused when the
   * provider refused for good; any other error leaves the outcome unknown.
   */
  refund(
    payment: { paymentIntentId: string | null; chargeId: string | null },
    amount: number,
    idempotencyKey: string,
  ): Promise<{ providerRefundId: string }>;
}

/** The provider answered that it will not make this refund: retrying with the same key changes nothing. */
export class RefundRefused extends Error {}

/** Stripe's test payment method that is declined, mirrored by the test provider. */
const DECLINED = 'pm_card_chargeDeclined';

/**
 * The built-in provider for the demo and tests: takes every payment at once, except with
 * `pm_card_chargeDeclined`, which it declines as Stripe's test card does. Moves no money.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'TEST' as const;

  async charge(request: Parameters<PaymentProvider['charge']>[0]): Promise<ProviderPayment> {
    const declined = request.paymentMethod === DECLINED;
    return {
      status: declined ? 'FAILED' : 'SUCCEEDED',
      paymentIntentId: `test_pi_${request.paymentId}`,
      chargeId: declined ? null : `test_ch_${request.paymentId}`,
      providerCustomerId: `test_cus_${request.customerId}`,
      clientSecret: null,
      failureReason: declined ? 'Your card was declined (test provider)' : null,
    };
  }

  async refund(_payment: unknown, _amount: number, idempotencyKey: string): Promise<{ providerRefundId: string }> {
    return { providerRefundId: `test_re_${idempotencyKey}` };
  }
}
