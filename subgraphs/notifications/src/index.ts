import { fileURLToPath } from 'node:url';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { createServices } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { createRepositories } from './repositories.ts';
import { resolvers } from './resolvers.ts';
import { notificationsSettings } from './settings.ts';

export const name = 'notifications';

/** Opens notifications' database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir: fileURLToPath(new URL('.', import.meta.url)),
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  createClient: (adapter) => new PrismaClient({ adapter }),
  settings: notificationsSettings,
  createRepositories,
  createServices,
  createLoaders,
  resolvers,
  seedDemo,
  consumer: {
    // At least once: ingest is idempotent per (event, recipient), so a redelivery announces nothing.
    handle: async (services, event) => services.live.announce(await services.ingest.ingest(event)),
  },
  jobs: (services, settings) => [
    { name: 'deliveries', everyMs: settings.PLAZA_DELIVERY_INTERVAL_MS, run: () => services.deliveryWorker.runOnce() },
    { name: 'purge-expired', everyMs: 15 * 60_000, run: () => services.notifications.purgeExpired() },
  ],
});
