import { fileURLToPath } from 'node:url';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { createServices } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { createRepositories } from './repositories.ts';
import { resolvers } from './resolvers.ts';

export const name = 'scheduling';

/** Opens scheduling's database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir: fileURLToPath(new URL('.', import.meta.url)),
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  createClient: (adapter) => new PrismaClient({ adapter }),
  // The bookings' exclusion constraint compares resource ids in a GiST index; PostgreSQL ships it.
  pgliteExtensions: { btree_gist },
  createRepositories,
  createServices,
  createLoaders,
  resolvers,
  // Identity's membership events keep the directory that user ids from clients are checked against.
  memberDirectory: true,
  seedDemo,
});
