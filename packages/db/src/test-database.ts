import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDatabase, type DatabaseLocation } from './location.ts';
import { dropDatabase } from './postgres.ts';

export interface TestDatabase {
  location: DatabaseLocation;
  /** Removes the database (or the PGlite folder). */
  drop(): Promise<void>;
}

/**
 * Which engine integration tests use: PLAZA_TEST_DB=pglite|postgres, else PostgreSQL when
 * DATABASE_URL is set, else PGlite.
 */
export function testDatabaseKind(env: NodeJS.ProcessEnv = process.env): 'pglite' | 'postgres' {
  if (env.PLAZA_TEST_DB === 'pglite' || env.PLAZA_TEST_DB === 'postgres') return env.PLAZA_TEST_DB;
  return env.DATABASE_URL ? 'postgres' : 'pglite';
}

const DEFAULT_TEST_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * A database no other test touches: PGlite in a fresh temporary folder, or a fresh PostgreSQL database with a
 * random name (so parallel workers and reruns never meet). The caller drops it when done.
 */
export function createTestDatabase(subgraph: string, env: NodeJS.ProcessEnv = process.env): TestDatabase {
  if (testDatabaseKind(env) === 'pglite') {
    // A folder rather than memory://, so a test can stop a subgraph and start it on the same data.
    const dataDir = mkdtempSync(join(tmpdir(), `plaza-test-${subgraph}-`));
    return { location: { kind: 'pglite', dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `plaza_test_${subgraph}_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(env.DATABASE_URL ?? DEFAULT_TEST_SERVER, name);
  return { location: { kind: 'postgres', url }, drop: () => dropDatabase(url) };
}
