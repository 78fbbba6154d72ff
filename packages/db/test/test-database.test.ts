import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type DatabaseTemplate, type TestDatabase, type TestDatabaseServer } from '../src/index.ts';
import { withMaintenanceClient } from '../src/postgres.ts';

const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const server: TestDatabaseServer = { kind: 'postgres', serverUrl };
const subgraph = `templates-${process.pid}-${Date.now().toString(36)}`;
const prefix = `plaza_template_${subgraph.replaceAll('-', '_')}_`;
const folders: string[] = [];

/** A subgraph whose single migration creates `table`: two of them are two checkouts of one subgraph. */
function checkoutWithTable(table: string): DatabaseTemplate {
  const prismaDir = mkdtempSync(join(tmpdir(), 'plaza-template-test-'));
  folders.push(prismaDir);
  mkdirSync(join(prismaDir, 'migrations', '1_init'), { recursive: true });
  writeFileSync(join(prismaDir, 'migrations', '1_init', 'migration.sql'), `CREATE TABLE ${table} (id int);`);
  return {
    subgraph,
    prismaDir,
    migrate: async (location) => {
      if (location.kind !== 'postgres') throw new Error('PostgreSQL only');
      const client = new pg.Client({ connectionString: location.url });
      await client.connect();
      await client.query(`CREATE TABLE ${table} (id int)`);
      await client.end();
    },
  };
}

async function tablesOf(database: TestDatabase): Promise<string[]> {
  if (database.location.kind !== 'postgres') throw new Error('PostgreSQL only');
  const client = new pg.Client({ connectionString: database.location.url });
  await client.connect();
  const { rows } = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  await client.end();
  return rows.map((row) => row.tablename);
}

async function templates(): Promise<string[]> {
  return withMaintenanceClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    return rows.map((row) => row.datname);
  });
}

describe.skipIf(process.env.PLAZA_TEST_DB === 'pglite')('PostgreSQL template databases', () => {
  afterAll(async () => {
    await withMaintenanceClient(serverUrl, async (client) => {
      for (const name of await templates()) {
        await client.query(`ALTER DATABASE ${pg.escapeIdentifier(name)} WITH IS_TEMPLATE false`);
        await client.query(`DROP DATABASE ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      }
    });
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  // Two checkouts (branches, worktrees) test one subgraph with different migrations on one server.
  // Each used to drop the other's template while the other's workers were copying it.
  it("keeps another checkout's recent template while building its own", async () => {
    const main = checkoutWithTable('from_main');
    const branch = checkoutWithTable('from_branch');
    const first = await createTestDatabase(server, main, 'templates');
    const second = await createTestDatabase(server, branch, 'templates');
    const third = await createTestDatabase(server, main, 'templates');
    try {
      expect(await templates()).toHaveLength(2);
      expect(await tablesOf(first)).toEqual(['from_main']);
      expect(await tablesOf(second)).toEqual(['from_branch']);
      expect(await tablesOf(third)).toEqual(['from_main']);
    } finally {
      await Promise.all([first.drop(), second.drop(), third.drop()]);
    }
  });

  it('rebuilds a template a dead run left half-built', async () => {
    const checkout = checkoutWithTable('rebuilt');
    const database = await createTestDatabase(server, checkout, 'templates');
    await database.drop();
    // What a builder killed between CREATE DATABASE and the finishing COMMENT leaves behind.
    const [name] = await templates();
    await withMaintenanceClient(serverUrl, (client) => client.query(`COMMENT ON DATABASE ${pg.escapeIdentifier(name!)} IS NULL`));
    const again = await createTestDatabase(server, checkout, 'templates');
    try {
      expect(await tablesOf(again)).toEqual(['rebuilt']);
    } finally {
      await again.drop();
    }
  });
});
