import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

const CHAR_OID = 18;
const TEXT_OID = 25;

type Fields = { fields?: { dataTypeID: number }[] };

function charAsText<T>(result: T): T {
  for (const field of (result as Fields)?.fields ?? []) {
    if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

// @prisma/adapter-pg 7.10.1 rejects PostgreSQL's internal "char" type (OID 18) by column OID, before any
// type parser runs, and the schema engine's introspection reads pg_constraint.contype (a "char"):
// drift checks and schemaPush fail with "Column type 'char' could not be deserialized". Reporting those
// columns as text fixes it. pg.Pool.query goes through client.query with a callback, adapter-pg
// transactions call client.query without one, so both forms are covered.
function patchClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (err: unknown, res: unknown) => unknown;
      args[args.length - 1] = (err: unknown, res: unknown) => callback(err, err ? res : charAsText(res));
      return query(...args);
    }
    const ret = query(...args);
    return ret instanceof Promise ? ret.then(charAsText) : ret;
  };
}

export function createPgPool(config: string | pg.PoolConfig): pg.Pool {
  const poolConfig = typeof config === 'string' ? { connectionString: config } : config;
  const pool = new pg.Pool({ allowExitOnIdle: true, ...poolConfig });
  pool.on('connect', patchClient);
  return pool;
}

/**
 * A PrismaPg factory for the schema engine: every connection gets its own pool (ended when the
 * engine is closed) with the "char" fix. A plain `new PrismaPg(...)` is fine for PrismaClient and
 * for applying migrations.
 */
export function createPgAdapterFactory(config: string | pg.PoolConfig): SqlMigrationAwareDriverAdapterFactory {
  const make = () => new PrismaPg(createPgPool(config), { disposeExternalPool: true });
  const probe = make();
  return {
    provider: probe.provider,
    adapterName: probe.adapterName,
    connect: () => make().connect(),
    connectToShadowDb: () => make().connectToShadowDb(),
  };
}

/** An embedded PGlite (in memory without a dataDir) and its adapter factory. */
export async function openPGlite(dataDir?: string): Promise<{ pglite: PGlite; adapterFactory: PrismaPGlite; close(): Promise<void> }> {
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  return { pglite, adapterFactory: new PrismaPGlite(pglite), close: () => pglite.close() };
}

/** The adapters' internals the fixes below reach: their driver client and error mapper. */
type AdapterInternals = SqlDriverAdapter & { client?: { exec?: unknown; query?: unknown }; onError?: (error: unknown) => never };

/**
 * Every adapter the schema engine opens goes through this: both adapters' executeScript, which
 * runs a whole migration, is replaced by one call of the driver's own multi-statement API.
 * - pglite-prisma-adapter 0.7.2 calls PGlite's exec without awaiting it: a failing migration is
 *   recorded as applied (its error surfaces later as an unhandled rejection), and errors while
 *   replaying migrations into a shadow database go unnoticed.
 * - @prisma/adapter-pg 7.10.1 splits a migration at every ";" and sends the pieces one by one,
 *   which breaks any statement holding a semicolon (a plpgsql function body, a string literal)
 *   and leaves a failed migration half-applied. PostgreSQL's simple query protocol runs the whole
 *   script as one implicit transaction, as the native schema engine does.
 */
export function fixAdapterForSchemaEngine(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const { client, onError } = adapter as AdapterInternals;
  if (!client || !onError) return adapter;
  const runScript =
    adapter.adapterName === 'pglite-prisma-adapter' && typeof client.exec === 'function'
      ? (script: string) => (client as PGlite).exec(script)
      : adapter.adapterName === '@prisma/adapter-pg' && typeof client.query === 'function'
        ? (script: string) => (client as pg.PoolClient).query(script)
        : undefined;
  if (!runScript) return adapter;
  adapter.executeScript = async (script: string) => {
    try {
      await runScript(script);
    } catch (error) {
      onError.call(adapter, error);
    }
  };
  return adapter;
}

/**
 * Runs a whole SQL script (several statements, plpgsql bodies) on a fresh connection of
 * `factory`, the way a migration runs: one multi-statement call of the driver.
 */
export async function executeSqlScript(factory: SqlMigrationAwareDriverAdapterFactory, script: string): Promise<void> {
  const driver = fixAdapterForSchemaEngine(await factory.connect());
  try {
    await driver.executeScript(script);
  } finally {
    await driver.dispose();
  }
}
