import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A subgraph's Prisma schema: the folder `prisma/schema/` when it exists (Prisma's multi-file
 * schema, for subgraphs large enough to split by concept), else the file `prisma/schema.prisma`.
 */
export function schemaPathIn(prismaDir: string): string {
  const folder = join(prismaDir, 'schema');
  return existsSync(folder) && statSync(folder).isDirectory() ? folder : join(prismaDir, 'schema.prisma');
}
