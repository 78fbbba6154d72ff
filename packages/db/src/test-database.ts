import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { withDatabase, type DatabaseLocation } from './location.ts';
import { dropDatabase, withMaintenanceClient } from './postgres.ts';

export interface TestDatabase {
  location: DatabaseLocation;
  /** Removes the database (or the PGlite folder). */
  drop(): Promise<void>;
}

/** Where integration tests keep their databases. */
export type TestDatabaseServer = { kind: 'pglite' } | { kind: 'postgres'; serverUrl: string };

const DEFAULT_TEST_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * Which engine integration tests use: PLAZA_TEST_DB=pglite|postgres, else PostgreSQL when
 * DATABASE_URL is set, else PGlite.
 */
export function testDatabaseServer(settings: { PLAZA_TEST_DB?: 'pglite' | 'postgres'; DATABASE_URL?: string }): TestDatabaseServer {
  const kind = settings.PLAZA_TEST_DB ?? (settings.DATABASE_URL ? 'postgres' : 'pglite');
  return kind === 'pglite' ? { kind } : { kind, serverUrl: settings.DATABASE_URL ?? DEFAULT_TEST_SERVER };
}

/** A migrated, empty database every test database of one subgraph is copied from. */
export interface DatabaseTemplate {
  subgraph: string;
  /** The subgraph's `prisma/` folder: its migrations decide when the template is stale. */
  prismaDir: string;
  /** Applies the subgraph's migrations to an empty database (and closes it). */
  migrate(location: DatabaseLocation): Promise<void>;
}

/** Changes whenever a migration is added or edited: templates are keyed by it. */
export function migrationsFingerprint(prismaDir: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(prismaDir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(join(prismaDir, 'migrations'));
  return hash.digest('hex').slice(0, 12);
}

const PREFIX = 'plaza_test_';

/**
 * A database no other test touches, copied from the subgraph's migrated template (built once per
 * migration set and reused across runs): on PostgreSQL `CREATE DATABASE … TEMPLATE`, on PGlite a
 * copy of the template's data folder. Migrating once instead of per database is what keeps a
 * whole stack's start in tests to seconds. The caller drops it when done.
 *
 * `runId` groups the databases of one test run so its global teardown can drop what a crashed
 * worker left (see `dropTestDatabases`).
 */
export async function createTestDatabase(server: TestDatabaseServer, template: DatabaseTemplate, runId: string): Promise<TestDatabase> {
  const fingerprint = migrationsFingerprint(template.prismaDir);
  if (server.kind === 'pglite') {
    const source = await pgliteTemplate(template, fingerprint);
    // A folder rather than memory://, so a test can stop a subgraph and start it on the same data.
    const dataDir = mkdtempSync(join(tmpdir(), `${PREFIX}${runId}_${template.subgraph}_`));
    cpSync(source, dataDir, { recursive: true });
    return { location: { kind: 'pglite', dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const source = await postgresTemplate(server.serverUrl, template, fingerprint);
  const name = `${PREFIX}${runId}_${template.subgraph.replaceAll('-', '_')}_${randomBytes(4).toString('hex')}`;
  await withMaintenanceClient(server.serverUrl, (client) =>
    client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(source)}`),
  );
  const url = withDatabase(server.serverUrl, name);
  return { location: { kind: 'postgres', url }, drop: () => dropDatabase(url) };
}

/** Builds the subgraph's template now unless it exists (a run's global setup, before workers race to). */
export async function ensureTemplate(server: TestDatabaseServer, template: DatabaseTemplate): Promise<void> {
  const fingerprint = migrationsFingerprint(template.prismaDir);
  if (server.kind === 'pglite') await pgliteTemplate(template, fingerprint);
  else await postgresTemplate(server.serverUrl, template, fingerprint);
}

/** Drops every database and folder of a test run (what crashed workers left behind). */
export async function dropTestDatabases(server: TestDatabaseServer, runId: string): Promise<void> {
  const prefix = `${PREFIX}${runId}_`;
  if (server.kind === 'pglite') {
    for (const entry of readdirSync(tmpdir()))
      if (entry.startsWith(prefix)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    return;
  }
  const names = await withMaintenanceClient(server.serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    return rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(withDatabase(server.serverUrl, name));
}

async function pgliteTemplate(template: DatabaseTemplate, fingerprint: string): Promise<string> {
  const dir = join(tmpdir(), `plaza-template-${template.subgraph}-${fingerprint}`);
  if (existsSync(dir)) return dir;
  // Built aside and renamed into place: a folder under the final name is always complete, and of
  // two workers building at once the second simply discards its copy.
  const building = mkdtempSync(`${dir}.building-`);
  try {
    await template.migrate({ kind: 'pglite', dataDir: building });
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}

/** Templates of other migration sets are dropped once this old: a checkout of another branch may still use them. */
const STALE_TEMPLATE_AGE_MS = 12 * 60 * 60 * 1000;
const TEMPLATE_COMMENT = 'plaza test template built ';

async function postgresTemplate(serverUrl: string, template: DatabaseTemplate, fingerprint: string): Promise<string> {
  const prefix = `plaza_template_${template.subgraph.replaceAll('-', '_')}_`;
  const name = `${prefix}${fingerprint}`;
  return withMaintenanceClient(serverUrl, async (client) => {
    // One builder per subgraph at a time, whatever its migration set, across workers, runs and
    // checkouts; the others wait, then find theirs ready.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [prefix]);
    try {
      const { rows } = await client.query<{ datname: string; comment: string | null }>(
        `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE starts_with(datname, $1)`,
        [prefix],
      );
      const builtAt = (comment: string | null) =>
        comment?.startsWith(TEMPLATE_COMMENT) ? Date.parse(comment.slice(TEMPLATE_COMMENT.length)) : Number.NaN;
      if (rows.some((row) => row.datname === name && !Number.isNaN(builtAt(row.comment)))) return name;
      // Half-built by a run that died (no comment yet: only a builder holding the lock writes one),
      // or built for migrations long gone. A template another checkout built recently stays: its
      // tests may be copying it right now.
      for (const row of rows) {
        const built = builtAt(row.comment);
        if (row.datname !== name && !Number.isNaN(built) && Date.now() - built < STALE_TEMPLATE_AGE_MS) continue;
        await client.query(`ALTER DATABASE ${pg.escapeIdentifier(row.datname)} WITH IS_TEMPLATE false`);
        await client.query(`DROP DATABASE ${pg.escapeIdentifier(row.datname)} WITH (FORCE)`);
      }
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      await template.migrate({ kind: 'postgres', url: withDatabase(serverUrl, name) });
      await client.query(`ALTER DATABASE ${pg.escapeIdentifier(name)} WITH IS_TEMPLATE true`);
      await client.query(
        `COMMENT ON DATABASE ${pg.escapeIdentifier(name)} IS ${pg.escapeLiteral(TEMPLATE_COMMENT + new Date().toISOString())}`,
      );
      return name;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [prefix]);
    }
  });
}
