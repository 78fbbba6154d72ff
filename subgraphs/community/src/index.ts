import { fileURLToPath } from 'node:url';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { createServices } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const name = 'community';
export const sdlDir = fileURLToPath(new URL('.', import.meta.url));

/** Opens community's database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir,
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  // Query events let tests count SQL statements (the feed's N+1 test); nothing listens otherwise.
  // PGlite runs one transaction at a time, so concurrent writers may wait longer than Prisma's 2 s default.
  createClient: (adapter) =>
    new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }], transactionOptions: { maxWait: 15_000, timeout: 20_000 } }),
  createServices,
  createLoaders: ({ prisma, viewer }) => createLoaders(prisma, viewer),
  // A removed member's token still verifies until it expires; the directory knows better.
  admit: ({ viewer, services }) => services.members.admit(viewer),
  resolvers,
  seedDemo,
  outbox: true,
  // Identity's membership events keep the member directory that services check user ids against.
  consumer: { group: 'community', handle: (services, event) => services.members.apply(event) },
});
