import { Prisma } from './generated/prisma/client.ts';

/** SQL identifiers of a select object's columns, quoted: the outer column list of a raw query. */
export const columnsOf = (select: Record<string, true>, alias?: string) =>
  Prisma.raw(
    Object.keys(select)
      .map((column) => (alias ? `${alias}."${column}"` : `"${column}"`))
      .join(', '),
  );

/**
 * One statement that returns the first `take` rows of each parent: `row_number()` ranks each
 * parent's rows in `order`, so a page of children per parent for a whole batch of parents (what a
 * DataLoader asks for) costs one round trip whatever the batch size. `rows` is a table or a
 * parenthesised subquery with an alias; `where` filters it before ranking (the keyset condition
 * goes there). The result is ordered by parent, then `order`.
 */
export function firstPerParent(options: {
  columns: Prisma.Sql;
  rows: Prisma.Sql;
  parent: string;
  order: readonly string[];
  where: Prisma.Sql;
  take: number;
}): Prisma.Sql {
  const parent = Prisma.raw(`"${options.parent}"`);
  const order = Prisma.raw(options.order.map((column) => `"${column}"`).join(', '));
  return Prisma.sql`
    SELECT ${options.columns} FROM (
      SELECT *, row_number() OVER (PARTITION BY ${parent} ORDER BY ${order}) AS "pagePosition"
      FROM ${options.rows}
      WHERE ${options.where}
    ) AS ranked
    WHERE "pagePosition" <= ${options.take}
    ORDER BY ${parent}, ${order}`;
}

/** `("startsAt", id) > (after)`: the keyset condition of an (instant, id) order, or TRUE for the first page. */
export const afterKey = (column: string, after: { at: Date; id: string } | undefined) =>
  after ? Prisma.sql`(${Prisma.raw(`"${column}"`)}, "id") > (${after.at}::timestamptz, ${after.id})` : Prisma.sql`TRUE`;
