import { roleAtLeast, type Viewer } from '@plaza/auth';
import { decodeCursor, encodeCursor, toConnection, type ConnectionArgs } from '@plaza/subgraph-kit';

/** Admins and owners manage the catalog, stock, discounts and orders; members shop. */
export const isAdmin = (viewer: Viewer) => !!viewer.role && roleAtLeast(viewer.role, 'ADMIN');

/** The id a newest-first page continues below (from `newestFirst`'s cursors), or undefined for the first page. */
export function beforeIdOf(args: ConnectionArgs): string | undefined {
  const [beforeId] = args.after ? decodeCursor(args.after) : [];
  return typeof beforeId === 'string' ? beforeId : undefined;
}

/** A newest-first connection of rows fetched with `take: first + 1` below `beforeIdOf(args)`. */
export const newestFirst = <Row extends { id: string }>(rows: Row[], args: ConnectionArgs) =>
  toConnection(rows, args.first, (row) => encodeCursor([row.id]));
