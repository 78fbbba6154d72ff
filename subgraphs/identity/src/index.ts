import { fileURLToPath } from 'node:url';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { createServices, identitySettings } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { createRepositories } from './repositories.ts';
import { resolvers } from './resolvers.ts';

export const name = 'identity';

/** Opens identity's database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir: fileURLToPath(new URL('.', import.meta.url)),
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  createClient: (adapter) => new PrismaClient({ adapter }),
  settings: identitySettings,
  createRepositories,
  createServices,
  createLoaders,
  resolvers,
  // The gateway verifies access tokens with these public keys, following rotation by key id.
  publicDocuments: (services) => ({ '/.well-known/jwks.json': () => services.auth.publicKeySet }),
  seedDemo,
  outbox: true,
});
