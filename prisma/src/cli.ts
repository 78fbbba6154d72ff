import { schemaPathIn } from './schema-location.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { createPgAdapterFactory, openPGlite } from './adapters.ts';
import { runGenerate } from './generate.ts';
import { applyMigrations, checkDrift, createMigration, diffMigrationsToSchema } from './migrations.ts';

const USAGE = `Usage: plaza-prisma <command> [options]   (run from a package folder with prisma/schema.prisma)

  generate                 prisma generate (no database, no native engine needed)
  migrate create <name>    write prisma/migrations/<timestamp>_<name>/migration.sql if the schema changed
  migrate check            exit 1 and print the SQL if the schema has changes not in migrations
  migrate deploy           apply pending migrations to DATABASE_URL, or to the PGlite at --data-dir
  migrate drift            exit 1 and print the SQL if the database differs from the schema
                           (DATABASE_URL or --data-dir)

Options:
  --schema <path>          default prisma/schema/ if that folder exists, else prisma/schema.prisma
  --migrations <dir>       default prisma/migrations
  --data-dir <dir>         embedded PGlite data directory when DATABASE_URL is not set
`;

class UsageError extends Error {}

async function withDatabase<T>(
  dataDir: string | undefined,
  run: (adapterFactory: SqlMigrationAwareDriverAdapterFactory, where: string) => Promise<T>,
): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (url) return run(createPgAdapterFactory(url), redact(url));
  if (!dataDir) throw new UsageError('Set DATABASE_URL or pass --data-dir <dir> (embedded PGlite).');
  const db = await openPGlite(path.resolve(dataDir));
  try {
    return await run(db.adapterFactory, `PGlite ${dataDir}`);
  } finally {
    await db.close();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      schema: { type: 'string' },
      migrations: { type: 'string', default: 'prisma/migrations' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, ...rest] = positionals;
  const schemaPath = values.schema ? path.resolve(values.schema) : schemaPathIn(path.resolve('prisma'));
  const migrationsDir = path.resolve(values.migrations);
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (command !== 'generate' && !existsSync(schemaPath)) throw new UsageError(`Schema not found: ${schemaPath}`);

  if (command === 'generate') {
    await runGenerate(schemaPath);
    return 0;
  }
  if (command !== 'migrate') throw new UsageError(`Unknown command: ${command}`);

  switch (sub) {
    case 'create': {
      const name = rest.join(' ');
      if (!name) throw new UsageError('Usage: plaza-prisma migrate create <name>');
      const dir = await createMigration({ schemaPath, migrationsDir, name });
      console.log(dir ? path.relative(process.cwd(), dir) : 'No schema changes');
      return 0;
    }
    case 'check': {
      const sql = await diffMigrationsToSchema({ schemaPath, migrationsDir });
      if (sql === '') return 0;
      console.error(`The schema has changes not in ${path.relative(process.cwd(), migrationsDir)}; run \`migrate create <name>\`:`);
      console.log(sql);
      return 1;
    }
    case 'deploy':
      return withDatabase(values['data-dir'], async (adapterFactory, where) => {
        const { applied } = await applyMigrations({ schemaPath, migrationsDir, adapterFactory });
        console.log(applied.length ? `Applied to ${where}: ${applied.join(', ')}` : `No pending migrations (${where})`);
        return 0;
      });
    case 'drift':
      return withDatabase(values['data-dir'], async (adapterFactory, where) => {
        const sql = await checkDrift({ schemaPath, adapterFactory });
        if (sql === '') return 0;
        console.error(`${where} differs from the schema:`);
        console.log(sql);
        return 1;
      });
    default:
      throw new UsageError(`Unknown migrate command: ${sub ?? '(none)'}`);
  }
}

const isEntry = (() => {
  const entry = process.argv[1] && path.resolve(process.argv[1]);
  return (
    entry === path.resolve(import.meta.filename) ||
    entry?.endsWith(`${path.sep}plaza-prisma.mjs`) ||
    entry?.endsWith(`${path.sep}plaza-prisma`)
  );
})();

if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${error.message}\n\n${USAGE}`);
        process.exit(2);
      }
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
