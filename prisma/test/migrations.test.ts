import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  checkDrift,
  createMigration,
  createPgAdapterFactory,
  diffMigrationsToSchema,
  runGenerate,
  SchemaEngineError,
} from '../src/index.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'schema.prisma');
const TIMEOUT = 60_000;

async function tempProject(parent = tmpdir()): Promise<{ dir: string; schemaPath: string; migrationsDir: string }> {
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, 'plaza-prisma-'));
  await mkdir(path.join(dir, 'prisma'));
  const schemaPath = path.join(dir, 'prisma', 'schema.prisma');
  await cp(FIXTURE, schemaPath);
  return { dir, schemaPath, migrationsDir: path.join(dir, 'prisma', 'migrations') };
}

async function publicTables(db: PGlite): Promise<string[]> {
  const { rows } = await db.query<{ t: string }>(
    `select table_name as t from information_schema.tables where table_schema = 'public' order by 1`,
  );
  return rows.map((r) => r.t);
}

const ADD_TAGS = `
model Tag {
  id    Int    @id @default(autoincrement())
  label String @unique
}
`;

describe('migrations', { timeout: TIMEOUT }, () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    project = await tempProject();
  });
  afterAll(async () => {
    await rm(project.dir, { recursive: true, force: true });
  });

  it('creates the first migration from an empty folder, then nothing more', async () => {
    const { schemaPath, migrationsDir } = project;
    expect(await diffMigrationsToSchema({ schemaPath, migrationsDir })).toContain('CREATE TABLE "User"');

    const dir = await createMigration({ schemaPath, migrationsDir, name: 'Init schema' });
    expect(dir).toMatch(/[/\\]\d{14}_init_schema$/);
    const sql = await readFile(path.join(dir!, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "User"');
    expect(sql).toContain('CREATE TABLE "Post"');
    expect(sql).toContain(`CREATE TYPE "Role" AS ENUM ('MEMBER', 'ADMIN')`);
    expect(sql).toContain('CREATE INDEX "Post_authorId_createdAt_idx"');
    expect(sql).toContain('FOREIGN KEY ("authorId") REFERENCES "User"("id")');
    expect(await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');

    expect(await diffMigrationsToSchema({ schemaPath, migrationsDir })).toBe('');
    expect(await createMigration({ schemaPath, migrationsDir, name: 'again' })).toBeNull();
  });

  it('adds a migration after the schema changes, ordered after the previous one', async () => {
    const { schemaPath, migrationsDir } = project;
    await writeFile(schemaPath, (await readFile(schemaPath, 'utf8')) + ADD_TAGS);
    const pending = await diffMigrationsToSchema({ schemaPath, migrationsDir });
    expect(pending).toContain('CREATE TABLE "Tag"');
    expect(pending).not.toContain('CREATE TABLE "User"');

    const dir = await createMigration({ schemaPath, migrationsDir, name: 'add-tags' });
    expect(dir).toMatch(/_add_tags$/);
    const names = (await readdir(migrationsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(names).toHaveLength(2);
    expect(names[1]).toBe(path.basename(dir!));
    expect(await diffMigrationsToSchema({ schemaPath, migrationsDir })).toBe('');
  });

  it('applies migrations to in-memory PGlite, and a re-run is a no-op', async () => {
    const { schemaPath, migrationsDir } = project;
    const db = new PGlite();
    try {
      await db.waitReady;
      const started = performance.now();
      const first = await applyMigrations({ schemaPath, migrationsDir, adapterFactory: new PrismaPGlite(db) });
      const elapsed = performance.now() - started;
      console.info(`applyMigrations on PGlite: ${elapsed.toFixed(0)} ms for ${first.applied.length} migrations`);
      expect(first.applied).toHaveLength(2);
      expect(await publicTables(db)).toEqual(['Post', 'Tag', 'User', '_prisma_migrations']);

      const second = await applyMigrations({ schemaPath, migrationsDir, adapterFactory: new PrismaPGlite(db) });
      expect(second.applied).toEqual([]);
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from _prisma_migrations where finished_at is not null');
      expect(rows[0]!.n).toBe(2);

      expect(await checkDrift({ schemaPath, adapterFactory: new PrismaPGlite(db) })).toBe('');
      await db.exec('ALTER TABLE "Tag" DROP COLUMN "label"');
      expect(await checkDrift({ schemaPath, adapterFactory: new PrismaPGlite(db) })).toContain('"label"');
    } finally {
      await db.close();
    }
  });

  it('throws a clear error for a failing migration and refuses to continue', async () => {
    const broken = await tempProject();
    const db = new PGlite();
    try {
      await cp(project.migrationsDir, broken.migrationsDir, { recursive: true });
      const bad = path.join(broken.migrationsDir, '29990101000000_broken');
      await mkdir(bad);
      await writeFile(path.join(bad, 'migration.sql'), 'ALTER TABLE "Nope" ADD COLUMN "x" INT;');
      const adapterFactory = new PrismaPGlite(db);

      const error = await applyMigrations({ ...broken, adapterFactory }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaEngineError);
      expect((error as Error).message).toMatch(/29990101000000_broken/);
      expect((error as Error).message).toMatch(/Nope/);

      await expect(applyMigrations({ ...broken, adapterFactory })).rejects.toThrow(/29990101000000_broken/);
    } finally {
      await db.close();
      await rm(broken.dir, { recursive: true, force: true });
    }
  });
});

// DATABASE_URL, or the local server these machines run; skipped when neither answers.
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const hasPostgres = await postgresAvailable();

async function throwawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `plaza_prisma_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

const GENERATED_ROOT = path.join(import.meta.dirname, '.tmp');

describe.skipIf(!hasPostgres)('PostgreSQL', { timeout: TIMEOUT }, () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let database: Awaited<ReturnType<typeof throwawayDatabase>>;
  beforeAll(async () => {
    project = await tempProject();
    await createMigration({ ...project, name: 'init' });
    database = await throwawayDatabase();
  }, TIMEOUT);
  afterAll(async () => {
    await database?.drop();
    await rm(project.dir, { recursive: true, force: true });
  });

  it('applies migrations, is a no-op on re-run, and detects drift', async () => {
    const { schemaPath, migrationsDir } = project;
    const adapterFactory = new PrismaPg({ connectionString: database.url, allowExitOnIdle: true });
    expect((await applyMigrations({ schemaPath, migrationsDir, adapterFactory })).applied).toHaveLength(1);
    expect((await applyMigrations({ schemaPath, migrationsDir, adapterFactory })).applied).toEqual([]);

    expect(await checkDrift({ schemaPath, adapterFactory: createPgAdapterFactory(database.url) })).toBe('');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('ALTER TABLE "Post" DROP COLUMN "body"');
    } finally {
      await client.end();
    }
    expect(await checkDrift({ schemaPath, adapterFactory: createPgAdapterFactory(database.url) })).toContain('"body"');
  });

  it('runs a hand-written migration whose statements contain semicolons (a plpgsql body, a string literal)', async () => {
    const handWritten = await tempProject();
    const scratch = await throwawayDatabase();
    try {
      await cp(project.migrationsDir, handWritten.migrationsDir, { recursive: true });
      const dir = path.join(handWritten.migrationsDir, '29990101000000_trigger');
      await mkdir(dir);
      await writeFile(
        path.join(dir, 'migration.sql'),
        `CREATE FUNCTION "shout"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."title" := upper(NEW."title");
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Post_shout" BEFORE INSERT ON "Post" FOR EACH ROW EXECUTE FUNCTION "shout"();
COMMENT ON FUNCTION "shout"() IS 'upper-cases titles; keeps them loud';
`,
      );
      const adapterFactory = new PrismaPg({ connectionString: scratch.url, allowExitOnIdle: true });
      expect((await applyMigrations({ ...handWritten, adapterFactory })).applied).toContain('29990101000000_trigger');
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        await client.query(`INSERT INTO "User" ("id", "email") VALUES ('u1', 'u1@example.test')`);
        const { rows } = await client.query<{ title: string }>(
          `INSERT INTO "Post" ("title", "authorId") VALUES ('quiet', 'u1') RETURNING "title"`,
        );
        expect(rows[0]?.title).toBe('QUIET');
      } finally {
        await client.end();
      }
    } finally {
      await scratch.drop();
      await rm(handWritten.dir, { recursive: true, force: true });
    }
  });
});

describe('generated client', { timeout: TIMEOUT }, () => {
  // Inside this package so the generated code resolves @prisma/client from its node_modules.
  let project: Awaited<ReturnType<typeof tempProject>>;
  // The client is generated while the test runs, so its types exist only as this outline.
  interface UserRow {
    id: number;
    role: string;
    posts: { title: string }[];
  }
  interface GeneratedClient {
    user: {
      create(args: object): Promise<UserRow>;
      findUnique(args: object): Promise<UserRow | null>;
    };
    post: { count(args: object): Promise<number> };
    $transaction(operations: Promise<number>[]): Promise<number[]>;
    $disconnect(): Promise<void>;
  }
  let PrismaClient: new (options: { adapter: unknown }) => GeneratedClient;
  beforeAll(async () => {
    project = await tempProject(GENERATED_ROOT);
    await createMigration({ ...project, name: 'init' });
    await runGenerate(project.schemaPath, project.dir);
    const mod = (await import(pathToFileURL(path.join(project.dir, 'src', 'generated', 'prisma', 'client.ts')).href)) as {
      PrismaClient: typeof PrismaClient;
    };
    PrismaClient = mod.PrismaClient;
  }, TIMEOUT);
  afterAll(async () => {
    await rm(project.dir, { recursive: true, force: true });
  });

  async function exercise(prisma: GeneratedClient) {
    const user = await prisma.user.create({
      data: { email: 'ada@example.com', role: 'ADMIN', posts: { create: [{ title: 'Hello' }, { title: 'World', published: true }] } },
    });
    const found = await prisma.user.findUnique({ where: { email: 'ada@example.com' }, include: { posts: { orderBy: { id: 'asc' } } } });
    expect(found?.id).toBe(user.id);
    expect(found?.role).toBe('ADMIN');
    expect(found?.posts.map((p) => p.title)).toEqual(['Hello', 'World']);
    const [count] = await prisma.$transaction([prisma.post.count({ where: { published: true } })]);
    expect(count).toBe(1);
  }

  it('queries PGlite through PrismaPGlite', async () => {
    const db = new PGlite();
    try {
      await applyMigrations({ ...project, adapterFactory: new PrismaPGlite(db) });
      const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
      try {
        await exercise(prisma);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await db.close();
    }
  });

  it.skipIf(!hasPostgres)('queries PostgreSQL through PrismaPg', async () => {
    const database = await throwawayDatabase();
    try {
      const adapter = new PrismaPg({ connectionString: database.url, allowExitOnIdle: true });
      await applyMigrations({ ...project, adapterFactory: adapter });
      const prisma = new PrismaClient({ adapter });
      try {
        await exercise(prisma);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await database.drop();
    }
  });
});
