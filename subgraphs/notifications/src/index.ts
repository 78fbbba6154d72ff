import { fileURLToPath } from 'node:url';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { createServices } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const name = 'notifications';
export const sdlDir = fileURLToPath(new URL('.', import.meta.url));

/** Opens notifications's database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir,
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  createClient: (adapter) => new PrismaClient({ adapter }),
  createServices,
  createLoaders: ({ viewer, services }) => createLoaders(viewer, services),
  resolvers,
  seedDemo,
  consumer: {
    group: 'notifications',
    // At least once: ingest is idempotent per (event, recipient), so a redelivery announces nothing.
    handle: async (services, event) => services.live.announce(await services.ingest.ingest(event)),
  },
  jobs: (services) => [
    { name: 'deliveries', everyMs: Number(process.env.PLAZA_DELIVERY_INTERVAL_MS ?? 5_000), run: () => services.deliveryWorker.runOnce() },
    { name: 'purge-expired', everyMs: 15 * 60_000, run: () => services.notifications.purgeExpired() },
  ],
});

export type NotificationsSubgraph = Awaited<ReturnType<typeof createSubgraph>>;

export { createServices } from './context.ts';
export type { NotificationsServices } from './context.ts';
export { NotificationIngestService } from './ingest/notification-ingest.service.ts';
export { NotificationService } from './notification/notification.service.ts';
export type { NotificationRecord } from './notification/notification.repository.ts';
export { DeliveryWorker, backoffDelay } from './delivery/delivery.worker.ts';
export type { DeliveryRunResult, DeliveryWorkerOptions } from './delivery/delivery.worker.ts';
export { MailboxEmailTransport, SmtpEmailTransport, emailTransportFromEnv } from './delivery/email-transport.ts';
export type { EmailMessage, EmailTransport } from './delivery/email-transport.ts';
export { NoopPushTransport } from './delivery/push-transport.ts';
export type { PushMessage, PushTransport } from './delivery/push-transport.ts';
