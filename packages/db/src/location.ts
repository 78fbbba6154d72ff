import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Where a subgraph's data lives: an embedded PGlite folder or a PostgreSQL database. */
export type DatabaseLocation =
  { kind: 'pglite'; /** A folder, or 'memory://' for a throwaway database. */ dataDir: string } | { kind: 'postgres'; url: string };

const REPO_DATA_DIR = fileURLToPath(new URL('../../../.data', import.meta.url));

/** The database settings of a process's configuration (see @plaza/config's dataSettings). */
export interface DatabaseSettings {
  DATABASE_URL?: string;
  PLAZA_DATA_DIR?: string;
  /** `<NAME>_DATABASE_URL` of each subgraph, when set. */
  [subgraphDatabaseUrl: `${string}_DATABASE_URL`]: string | undefined;
}

/** The folder of the embedded databases: PLAZA_DATA_DIR, else `<repo>/.data`. */
export const dataDirOf = (settings: Pick<DatabaseSettings, 'PLAZA_DATA_DIR'>) => settings.PLAZA_DATA_DIR ?? REPO_DATA_DIR;

/**
 * A subgraph's database, most specific setting first:
 * 1. `<SUBGRAPH>_DATABASE_URL` (e.g. COMMERCE_DATABASE_URL): that exact database;
 * 2. `DATABASE_URL`: the same server, database `plaza_<subgraph>` (created if missing);
 * 3. nothing: embedded PGlite under `PLAZA_DATA_DIR` (default `<repo>/.data`)/`<subgraph>`.
 */
export function databaseLocationOf(subgraph: string, settings: DatabaseSettings): DatabaseLocation {
  const specific = settings[`${subgraph.toUpperCase().replaceAll('-', '_')}_DATABASE_URL`];
  if (specific) return { kind: 'postgres', url: specific };
  if (settings.DATABASE_URL) return { kind: 'postgres', url: withDatabase(settings.DATABASE_URL, `plaza_${subgraph}`) };
  return { kind: 'pglite', dataDir: join(dataDirOf(settings), subgraph) };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Logs may show where data lives, never a password. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.kind === 'pglite') return `pglite:${location.dataDir}`;
  const parsed = new URL(location.url);
  parsed.password = parsed.password ? '***' : '';
  return parsed.toString();
}
