import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { applyMigrations, executeSqlScript, schemaPathIn } from '@plaza/prisma';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseLocation } from './location.ts';
import { ensureDatabaseExists } from './postgres.ts';

/** The subset of a generated PrismaClient this package calls. */
interface PrismaLike {
  $queryRawUnsafe(query: string): Promise<unknown>;
  $disconnect(): Promise<void>;
}

export interface OpenDatabaseOptions<Client extends PrismaLike> {
  /** Subgraph name: picks the database (`plaza_<name>`) or data folder. */
  subgraph: string;
  /** The subgraph's `prisma/` folder, holding schema.prisma (or a schema/ folder) and migrations/. */
  prismaDir: string;
  createClient(adapter: SqlMigrationAwareDriverAdapterFactory): Client;
  location: DatabaseLocation;
  /** PGlite extensions the migrations need (e.g. btree_gist); PostgreSQL ships them already. */
  pgliteExtensions?: Extensions;
  /** Connections in the PostgreSQL pool (DATABASE_POOL_MAX). Default 10. */
  poolSize?: number;
}

/** Connections of a PostgreSQL pool (pg's Pool counters). */
export interface DatabasePoolUse {
  /** Connections open, idle or in use. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

export interface Database<Client> {
  prisma: Client;
  location: DatabaseLocation;
  /** The pool's connections; undefined on PGlite, a single in-process connection without a pool. */
  poolUse(): DatabasePoolUse | undefined;
  /** Throws unless the database answers a query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Row-level security for every tenant table (packages/db/sql/tenant-rls.sql), idempotent: it
 * only adds policies to tables that have none, so it runs after the migrations on every open and
 * no subgraph copies it into a migration.
 */
const TENANT_RLS = readFileSync(new URL('../sql/tenant-rls.sql', import.meta.url), 'utf8');

/**
 * Opens a subgraph's database, applies its checked-in migrations, then puts every table with an
 * "organizationId" column under row-level security, before returning.
 */
export async function openDatabase<Client extends PrismaLike>(options: OpenDatabaseOptions<Client>): Promise<Database<Client>> {
  const { location } = options;
  const migrationOptions = {
    schemaPath: schemaPathIn(options.prismaDir),
    migrationsDir: join(options.prismaDir, 'migrations'),
  };

  let adapter: SqlMigrationAwareDriverAdapterFactory;
  let clientAdapter: SqlMigrationAwareDriverAdapterFactory;
  let closeDriver = async () => {};
  let pool: pg.Pool | undefined;
  if (location.kind === 'pglite') {
    if (location.dataDir !== 'memory://') mkdirSync(location.dataDir, { recursive: true });
    const pglite = await PGlite.create(location.dataDir, { extensions: options.pgliteExtensions });
    adapter = clientAdapter = new PrismaPGlite(pglite);
    closeDriver = () => pglite.close();
  } else {
    await ensureDatabaseExists(location.url);
    // Migrations get pools of their own that end with them (no session state of theirs lingers);
    // the client gets one pool the process owns, so /metrics can read its counters.
    adapter = new PrismaPg({ connectionString: location.url, max: options.poolSize ?? 10 });
    const clientPool = new pg.Pool({ connectionString: location.url, max: options.poolSize ?? 10 });
    // An idle connection the server drops is replaced on next use; the adapter reports it while connected.
    clientPool.on('error', () => {});
    pool = clientPool;
    clientAdapter = new PrismaPg(clientPool);
    closeDriver = () => clientPool.end();
  }

  try {
    await applyMigrations({ ...migrationOptions, adapterFactory: adapter });
    await executeSqlScript(adapter, TENANT_RLS);
  } catch (error) {
    await closeDriver();
    throw error;
  }

  const prisma = options.createClient(clientAdapter);
  return {
    prisma,
    location,
    poolUse: () => pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
    async ping() {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}
