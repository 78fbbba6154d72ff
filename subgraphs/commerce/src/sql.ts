import { Prisma } from './generated/prisma/client.ts';

/**
 * The column list of a raw statement (row locks), from the same `select` object as the record
 * type, so a raw row has exactly the columns its `…Record` type names.
 */
export function sqlColumns(select: Readonly<Record<string, true>>): Prisma.Sql {
  return Prisma.raw(
    Object.keys(select)
      .map((column) => `"${column}"`)
      .join(', '),
  );
}
