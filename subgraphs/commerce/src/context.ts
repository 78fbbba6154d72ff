import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import Stripe from 'stripe';
import { z } from 'zod';
import { CartService } from './cart/cart.service.ts';
import { CheckoutService } from './cart/checkout.service.ts';
import { CategoryService } from './category/category.service.ts';
import { DiscountService } from './discount/discount.service.ts';
import { InventoryService } from './inventory/inventory.service.ts';
import type { CommerceLoaders } from './loaders.ts';
import { BillingService } from './membership/billing.service.ts';
import { OrderService } from './order/order.service.ts';
import { TestPaymentProvider } from './payment/payment-provider.ts';
import { PaymentService } from './payment/payment.service.ts';
import { StripePaymentProvider } from './payment/stripe-provider.ts';
import { StripeSubscriptionProvider, type TierPrices } from './payment/stripe-subscriptions.ts';
import { TestSubscriptionProvider } from './payment/subscription-provider.ts';
import { ProductService } from './product/product.service.ts';
import type { CommerceRepositories } from './repositories.ts';
import { SalesService } from './sales/sales.service.ts';
import { ShopService } from './shop/shop.service.ts';
import { VariantService } from './variant/variant.service.ts';

/** Commerce's payment settings; without Stripe's, only the test provider takes payments. */
export const commerceSettings = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Stripe's secret API key: enables the STRIPE provider. */
  STRIPE_SECRET_KEY: z.string().startsWith('sk_', 'must be a Stripe secret key (sk_…)').optional(),
  /** The signing secret of Stripe's webhook endpoint (POST /webhooks/stripe): enables the route. */
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a Stripe webhook secret (whsec_…)').optional(),
  /** Another Stripe API base URL (stripe-mock, tests). Default Stripe's. */
  STRIPE_API_URL: z.url().optional(),
  /** Whether the TEST provider (pays without money) is offered. Default: everywhere but production. */
  PLAZA_TEST_PAYMENTS: z.stringbool().optional(),
  /** Stripe's price id of each paid tier for memberships and organization plans, e.g. `BASIC=price_1,PRO=price_2,ENTERPRISE=price_3`. */
  STRIPE_TIER_PRICES: z
    .string()
    .regex(
      /^(BASIC|PRO|ENTERPRISE)=[^,=\s]+(,(BASIC|PRO|ENTERPRISE)=[^,=\s]+)*$/,
      'must be TIER=price_id pairs separated by commas, e.g. PRO=price_123',
    )
    .transform((pairs) => Object.fromEntries(pairs.split(',').map((pair) => pair.split('='))) as TierPrices)
    .optional(),
});

type CommerceSettings = z.output<typeof commerceSettings>;

function stripeClient(settings: CommerceSettings): Stripe | undefined {
  if (!settings.STRIPE_SECRET_KEY) return undefined;
  const api = settings.STRIPE_API_URL ? new URL(settings.STRIPE_API_URL) : undefined;
  return new Stripe(
    settings.STRIPE_SECRET_KEY,
    api ? { host: api.hostname, port: api.port, protocol: api.protocol === 'http:' ? 'http' : 'https', maxNetworkRetries: 0 } : {},
  );
}

export function createServices({ data, settings, members }: ServiceDependencies<CommerceRepositories, CommerceSettings>) {
  const stripe = stripeClient(settings);
  const testPayments = settings.PLAZA_TEST_PAYMENTS ?? settings.NODE_ENV !== 'production';
  const testSubscriptions = testPayments ? new TestSubscriptionProvider() : undefined;
  const billing = new BillingService({
    data,
    members,
    providers: {
      ...(testSubscriptions ? { TEST: testSubscriptions } : {}),
      ...(stripe && settings.STRIPE_TIER_PRICES ? { STRIPE: new StripeSubscriptionProvider(stripe, settings.STRIPE_TIER_PRICES) } : {}),
    },
    testProvider: testSubscriptions,
  });
  const payments = new PaymentService({
    data,
    providers: {
      ...(testPayments ? { TEST: new TestPaymentProvider() } : {}),
      ...(stripe ? { STRIPE: new StripePaymentProvider(stripe) } : {}),
    },
    // Verifying a signature needs no API key: Stripe's static webhooks object does it.
    stripeWebhooks: settings.STRIPE_WEBHOOK_SECRET ? { stripe: stripe ?? Stripe, secret: settings.STRIPE_WEBHOOK_SECRET } : undefined,
    // Subscription and invoice events drive memberships and the organization's plan.
    otherStripeEvents: (event) => billing.handleStripeEvent(event),
  });
  return {
    products: new ProductService({ data }),
    variants: new VariantService({ data }),
    categories: new CategoryService({ data }),
    inventory: new InventoryService({ data }),
    discounts: new DiscountService({ data }),
    shop: new ShopService({ data }),
    carts: new CartService({ data }),
    checkout: new CheckoutService({ data }),
    orders: new OrderService({ data, refunds: payments }),
    payments,
    billing,
    sales: new SalesService({ data }),
  };
}

export type CommerceServices = ReturnType<typeof createServices>;

export type CommerceContext = SubgraphContext<CommerceServices, CommerceLoaders>;
