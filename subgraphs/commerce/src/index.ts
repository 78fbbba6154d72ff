import { fileURLToPath } from 'node:url';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { commerceSettings, createServices, type CommerceServices } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { downloadRoute } from './download/download.route.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { createRepositories } from './repositories.ts';
import { resolvers } from './resolvers.ts';

export const name = 'commerce';

/** Opens commerce's database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir: fileURLToPath(new URL('.', import.meta.url)),
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  // Checkouts of one hot variant queue on its row lock: Prisma's default 2 s wait for a connection
  // and 5 s transaction limit would fail buyers who are merely waiting their turn.
  // Query events let the order page's test and benchmark count SQL statements; nothing listens otherwise.
  createClient: (adapter) =>
    new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }], transactionOptions: { maxWait: 10_000, timeout: 20_000 } }),
  settings: commerceSettings,
  createRepositories,
  createServices,
  createLoaders,
  resolvers,
  // Identity's membership events keep the directory that user ids from clients are checked against.
  memberDirectory: true,
  // Low-stock events are recorded with the stock change that causes them.
  outbox: true,
  jobs: (services, settings) => [
    {
      name: 'pending-refunds',
      everyMs: settings.COMMERCE_REFUND_RETRY_INTERVAL_MS,
      run: () => services.orders.completeStalePendingRefunds(settings.COMMERCE_REFUND_RETRY_AFTER_MS),
    },
  ],
  seedDemo: (prisma: PrismaClient, services: CommerceServices) => seedDemo(prisma, services),
  // Stripe reports payments here; the handler verifies Stripe's signature over the raw body.
  httpRoutes: (services) => ({
    '/webhooks/stripe': (request) => services.payments.handleStripeWebhook(request.body, request.headers['stripe-signature']),
  }),
  // Signed download links (DownloadGrant.files[].url) point here; the handler checks the signature.
  streamRoutes: (services) => ({
    '/downloads/:organizationId/:grantId/:fileId': downloadRoute(services.downloads),
  }),
});
