import { fileURLToPath } from 'node:url';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { createServices } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const name = 'commerce';
export const sdlDir = fileURLToPath(new URL('.', import.meta.url));

/** Opens commerce's database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir,
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  createClient: (adapter) => new PrismaClient({ adapter }),
  createServices: createServices,
  createLoaders: ({ prisma, viewer }) => createLoaders(prisma, viewer),
  resolvers,
  seedDemo,
});
