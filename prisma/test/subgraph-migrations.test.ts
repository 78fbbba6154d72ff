import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema, schemaPathIn } from '../src/index.ts';

const SUBGRAPHS_DIR = fileURLToPath(new URL('../../subgraphs/', import.meta.url));
const subgraphs = readdirSync(SUBGRAPHS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// A Prisma schema change without its migration would reach production as drift: the migrations
// replayed on an empty database must give exactly the schema.
describe.each(subgraphs)('subgraph %s', (name) => {
  it('has a migration for every change of its Prisma schema', async () => {
    const prismaDir = `${SUBGRAPHS_DIR}${name}/prisma`;
    const missing = await diffMigrationsToSchema({ schemaPath: schemaPathIn(prismaDir), migrationsDir: `${prismaDir}/migrations` });
    expect(missing, `run \`pnpm --filter @plaza/${name} migrate:create <name>\`; missing SQL:\n${missing}`).toBe('');
  });
});
