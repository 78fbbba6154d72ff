import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { dataDirOf } from '@plaza/db';
import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { topology } from '@plaza/topology';
import Stripe from 'stripe';
import { z } from 'zod';
import { CartService } from './cart/cart.service.ts';
import { CheckoutService } from './cart/checkout.service.ts';
import { CategoryService } from './category/category.service.ts';
import { DiscountService } from './discount/discount.service.ts';
import { DownloadSigner } from './download/download-signature.ts';
import { LocalDownloadStorage, S3DownloadStorage, type DownloadStorage } from './download/download-storage.ts';
import { DownloadService } from './download/download.service.ts';
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
import { UsageService } from './usage/usage.service.ts';
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
  /**
   * Age in milliseconds after which a refund still PENDING (its request failed or crashed after the
   * payment provider answered) is completed by the pending-refund job. Default one minute: long
   * past any request still in flight.
   */
  COMMERCE_REFUND_RETRY_AFTER_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** How often the pending-refund job looks, in milliseconds. Default 30 s. */
  COMMERCE_REFUND_RETRY_INTERVAL_MS: z.coerce.number().int().min(10).default(30_000),
  /** Folder of the embedded databases; the download folder defaults to `<it>/commerce-downloads`. */
  PLAZA_DATA_DIR: z.string().min(1).optional(),
  /** Folder the files of digital products are kept in (without S3). Default `<PLAZA_DATA_DIR>/commerce-downloads`. */
  COMMERCE_DOWNLOADS_DIR: z.string().min(1).optional(),
  /** An S3 bucket for the files of digital products: replaces the local folder. Credentials: AWS's standard variables. */
  COMMERCE_DOWNLOADS_S3_BUCKET: z.string().min(3).optional(),
  /** The bucket's region. Default us-east-1. */
  COMMERCE_DOWNLOADS_S3_REGION: z.string().min(1).default('us-east-1'),
  /** Another S3-compatible endpoint (MinIO, R2, …). Default AWS's. */
  COMMERCE_DOWNLOADS_S3_ENDPOINT: z.url().optional(),
  /** Path-style bucket addressing, which most S3-compatible stores want. Default false. */
  COMMERCE_DOWNLOADS_S3_PATH_STYLE: z.stringbool().default(false),
  /** Key prefix of the files in the bucket. Default none. */
  COMMERCE_DOWNLOADS_S3_PREFIX: z.string().default(''),
  /** HMAC secret download links are signed with; required in production. Default: a random one per process. */
  COMMERCE_DOWNLOAD_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where clients reach commerce's /downloads route; links point there. Default http://localhost:<commerce port>. */
  COMMERCE_DOWNLOAD_BASE_URL: z.url().optional(),
  /** Downloads each grant allows. Default 5. */
  COMMERCE_DOWNLOAD_LIMIT: z.coerce.number().int().min(1).max(1000).default(5),
  /** Days a grant lasts after payment. Default 30. */
  COMMERCE_DOWNLOAD_EXPIRY_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Seconds a handed-out download link stays valid. Default 3600. */
  COMMERCE_DOWNLOAD_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600)
    .default(3600),
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

function downloadStorage(settings: CommerceSettings): DownloadStorage {
  if (settings.COMMERCE_DOWNLOADS_S3_BUCKET)
    return new S3DownloadStorage(
      new S3Client({
        region: settings.COMMERCE_DOWNLOADS_S3_REGION,
        endpoint: settings.COMMERCE_DOWNLOADS_S3_ENDPOINT,
        forcePathStyle: settings.COMMERCE_DOWNLOADS_S3_PATH_STYLE,
      }),
      settings.COMMERCE_DOWNLOADS_S3_BUCKET,
      settings.COMMERCE_DOWNLOADS_S3_PREFIX,
    );
  return new LocalDownloadStorage(settings.COMMERCE_DOWNLOADS_DIR ?? join(dataDirOf(settings), 'commerce-downloads'));
}

function downloadSigner(settings: CommerceSettings): DownloadSigner {
  if (!settings.COMMERCE_DOWNLOAD_SECRET && settings.NODE_ENV === 'production')
    throw new Error('COMMERCE_DOWNLOAD_SECRET is required in production: download links are signed with it');
  // Without a configured secret, links die with the process that signed them: fine for development only.
  return new DownloadSigner(settings.COMMERCE_DOWNLOAD_SECRET ?? randomBytes(32).toString('base64url'));
}

const defaultDownloadBaseUrl = () => `http://localhost:${topology().subgraphs.find((entry) => entry.name === 'commerce')?.port ?? 4000}`;

export function createServices({ data, settings, members }: ServiceDependencies<CommerceRepositories, CommerceSettings>) {
  const stripe = stripeClient(settings);
  const downloads = new DownloadService({
    data,
    storage: downloadStorage(settings),
    signer: downloadSigner(settings),
    policy: {
      downloadLimit: settings.COMMERCE_DOWNLOAD_LIMIT,
      expiryDays: settings.COMMERCE_DOWNLOAD_EXPIRY_DAYS,
      linkTtlSeconds: settings.COMMERCE_DOWNLOAD_LINK_TTL_SECONDS,
      baseUrl: settings.COMMERCE_DOWNLOAD_BASE_URL ?? defaultDownloadBaseUrl(),
    },
  });
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
    downloads,
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
    orders: new OrderService({ data, refunds: payments, downloads }),
    payments,
    billing,
    downloads,
    usage: new UsageService({ data, members }),
    sales: new SalesService({ data }),
  };
}

export type CommerceServices = ReturnType<typeof createServices>;

export type CommerceContext = SubgraphContext<CommerceServices, CommerceLoaders>;
