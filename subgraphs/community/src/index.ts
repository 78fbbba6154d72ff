import { fileURLToPath } from 'node:url';
import { loadConfig } from '@plaza/config';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { communitySettings, createServices } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { createRepositories } from './repositories.ts';
import { resolvers } from './resolvers.ts';

export const name = 'community';

/** Opens community's database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir: fileURLToPath(new URL('.', import.meta.url)),
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  // Query events let tests count SQL statements (the feed's N+1 test); nothing listens otherwise.
  // PGlite runs one transaction at a time, so concurrent writers may wait longer than Prisma's 2 s default.
  createClient: (adapter) =>
    new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }], transactionOptions: { maxWait: 15_000, timeout: 20_000 } }),
  settings: communitySettings,
  createRepositories,
  createServices,
  createLoaders,
  resolvers,
  // The demo's file bytes go where the services keep files. The kit hands seeds the client only,
  // so the seed reads the same settings from the process's environment (it runs only there).
  seedDemo: (prisma: PrismaClient) => seedDemo(prisma, loadConfig(communitySettings)),
  outbox: true,
  // Identity's membership events keep the member directory that services check user ids against.
  memberDirectory: true,
  // Commerce's membership events keep each member's tier, which gated spaces check.
  consumer: { handle: (services, event) => services.memberTiers.apply(event) },
});
