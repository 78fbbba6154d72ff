import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { prismaDataAccess, type TransactionOf } from '@plaza/subgraph-kit';
import { sharedTestStack, type TestStack } from '@plaza/testkit';

/** The raw-SQL surface of any subgraph's Prisma client: enough to test the database's own rules. */
interface RawClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $transaction<R>(work: (tx: RawClient) => Promise<R>): Promise<R>;
}

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const insertEvent = (db: Pick<RawClient, '$executeRawUnsafe'>, id: string, organizationId: string) =>
  db.$executeRawUnsafe(
    `INSERT INTO "OutboxEvent" ("id", "organizationId", "type", "subjectType", "subjectId", "payload", "publishedAt")
     VALUES ($1, $2, 'test.rls', 'Test', $1, '{}', now())`,
    id,
    organizationId,
  );

describe('row-level security, the second wall', () => {
  it('returns nothing of another organization to a query whose organization filter was left out', async () => {
    const prisma = stack.prisma<RawClient>('identity');
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const [a, b] = [`org-a-${randomUUID()}`, `org-b-${randomUUID()}`];
    // As the owner (migrations, relay): both organizations' rows exist.
    await insertEvent(prisma, mine, a);
    await insertEvent(prisma, theirs, b);
    // A repository that forgot `WHERE "organizationId" = …`, run the way services run.
    const data = prismaDataAccess(prisma, (db: TransactionOf<RawClient>) => ({
      everything: () => db.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "OutboxEvent" WHERE "id" = ANY($1::text[])`, [mine, theirs]),
      insert: (id: string, organizationId: string) => insertEvent(db, id, organizationId),
    }));
    const scope = { organizationId: a, userId: `nobody-${randomUUID()}` };
    expect(await data.repositories(scope).everything()).toEqual([{ id: mine }]);
    expect(await data.transaction(scope, (repositories) => repositories.everything())).toEqual([{ id: mine }]);

    // And a write into another organization is refused by the database, not by the service.
    await expect(data.transaction(scope, (repositories) => repositories.insert(randomUUID(), b))).rejects.toThrow(/row-level security/);
    await expect(data.repositories(scope).insert(randomUUID(), b)).rejects.toThrow(/row-level security/);
  });

  it('covers every table with an organizationId column, in every subgraph, forced for the owner too', async () => {
    const unprotected: string[] = [];
    for (const [name, running] of Object.entries(stack.running.subgraphs)) {
      const rows = await (running.subgraph.prisma as RawClient).$queryRawUnsafe<
        { table: string; enabled: boolean; forced: boolean; policies: number }[]
      >(
        `SELECT c.relname AS "table", c.relrowsecurity AS "enabled", c.relforcerowsecurity AS "forced",
                (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname) AS "policies"
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r'
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organizationId' AND NOT a.attisdropped)`,
      );
      for (const row of rows) if (!row.enabled || !row.forced || row.policies === 0) unprotected.push(`${name}.${row.table}`);
    }
    expect(unprotected, '@plaza/db applies packages/db/sql/tenant-rls.sql after the migrations: these tables escaped it').toEqual([]);
  });
});
