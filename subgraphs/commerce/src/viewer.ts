import { roleAtLeast, type Viewer } from '@plaza/auth';
import { decodeCursor, encodeCursor, requireOrganizationAccess, toConnection, type ConnectionArgs } from '@plaza/subgraph-kit';

/** Admins and owners manage the catalog, stock, discounts and orders; members shop. */
export const isAdmin = (viewer: Viewer) => !!viewer.role && roleAtLeast(viewer.role, 'ADMIN');

/**
 * Who reads the whole organization's orders, stock ledger and sales: admins and owners, and the
 * organization's API keys (integrations such as accounting or stock sync), whose `commerce:read` /
 * `commerce:write` scope the kit checked before the operation ran.
 */
export const seesWholeOrganization = (viewer: Viewer) => isAdmin(viewer) || (!!viewer.apiKey && !!viewer.organizationId);

/**
 * An admin or owner, or an API key of the organization: FORBIDDEN for anyone else. The actor is
 * null for a key (it acts for no user), which the records it writes keep as "no user".
 */
export function requireAdminOrApiKey(viewer: Viewer): { organizationId: string; userId: string | null } {
  const { organizationId } = requireOrganizationAccess(viewer, 'ADMIN');
  return { organizationId, userId: viewer.userId };
}

/** The id a newest-first page continues below (from `newestFirst`'s cursors), or undefined for the first page. */
export function beforeIdOf(args: ConnectionArgs): string | undefined {
  const [beforeId] = args.after ? decodeCursor(args.after) : [];
  return typeof beforeId === 'string' ? beforeId : undefined;
}

/** A newest-first connection of rows fetched with `take: first + 1` below `beforeIdOf(args)`. */
export const newestFirst = <Row extends { id: string }>(rows: Row[], args: ConnectionArgs) =>
  toConnection(rows, args.first, (row) => encodeCursor([row.id]));
