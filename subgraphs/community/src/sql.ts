import { Prisma } from './generated/prisma/client.ts';

/**
 * SQL fragments for repositories' raw queries (window functions, locks, text search): the column
 * list comes from the same `select` object as the record type, so a raw row has exactly the
 * columns its `…Record` type names.
 */
export function sqlColumns(select: Readonly<Record<string, true>>, alias?: string): Prisma.Sql {
  return Prisma.raw(
    Object.keys(select)
      .map((column) => (alias ? `${alias}."${column}"` : `"${column}"`))
      .join(', '),
  );
}

/** `column IN (ids)`, or FALSE for no ids (SQL has no empty IN list). */
export function sqlIn(column: Prisma.Sql, ids: readonly string[]): Prisma.Sql {
  return ids.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`${column} IN (${Prisma.join([...ids])})`;
}
