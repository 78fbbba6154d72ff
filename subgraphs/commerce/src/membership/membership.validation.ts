import { z } from 'zod';

export const tierSchema = z.enum(['FREE', 'BASIC', 'PRO', 'ENTERPRISE']);

const providerSchema = z
  .enum(['TEST', 'STRIPE'])
  .nullish()
  .transform((provider) => provider ?? 'TEST');

const paymentMethodSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .nullish()
  .transform((method) => method ?? null);

export const subscribeMembershipInput = z.object({ tier: tierSchema, provider: providerSchema, paymentMethod: paymentMethodSchema });

export const subscribeOrganizationInput = subscribeMembershipInput.extend({
  billingEmail: z.email('must be an email address').max(320, 'must be at most 320 characters'),
});

export const simulatedBillingEventSchema = z.enum(['RENEWAL', 'PAYMENT_FAILED', 'PAYMENTS_EXHAUSTED']);
