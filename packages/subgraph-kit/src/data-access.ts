/**
 * Whose data a unit of work touches. Services pass the viewer (or, for an event consumer, the
 * event's organization); the database layer uses it to confine every statement to that
 * organization (row-level security), as a second wall behind the services' own filters.
 */
export interface TenantScope {
  organizationId: string | null;
  userId: string | null;
}

/**
 * How services reach their repositories. Services never see Prisma: they take a DataAccess
 * in their constructor and ask it for repositories, bound either to single statements or to one
 * transaction. A unit test passes `fakeDataAccess(inMemoryRepositories)` instead.
 */
export interface DataAccess<Repositories> {
  /** Repositories whose calls each run as their own statement, inside `scope`. */
  repositories(scope: TenantScope): Repositories;
  /**
   * Runs `work` in one transaction inside `scope`: all its writes commit together or not at
   * all. The repositories it receives are bound to that transaction. `options` lengthens
   * Prisma's limits (default: 2 s to get a connection, 5 s for the whole transaction) for work
   * that queues on a lock by design.
   */
  transaction<Result>(
    scope: TenantScope,
    work: (repositories: Repositories) => Promise<Result>,
    options?: TransactionOptions,
  ): Promise<Result>;
}

/** Prisma's interactive-transaction limits, in milliseconds. */
export interface TransactionOptions {
  /** Longest wait for a connection before the transaction starts. */
  maxWait?: number;
  /** Longest the transaction may run, waiting for locks included. */
  timeout?: number;
}

/** What `prismaDataAccess` needs of a generated PrismaClient: the interactive transaction. */
export interface TransactionalClient<Transaction> {
  $transaction<Result>(work: (tx: Transaction) => Promise<Result>, options?: TransactionOptions): Promise<Result>;
}

/** The transaction client type a generated PrismaClient hands to `$transaction(work)`. */
export type TransactionOf<Client> = Client extends { $transaction<R>(work: (tx: infer Tx) => Promise<R>, options?: infer _): Promise<R> }
  ? Tx
  : never;

/**
 * The database role tenant requests run as: not the tables' owner and not a superuser, so the
 * row-level security policies of every tenant table apply to it (each subgraph's `tenant_rls`
 * migration creates it and the policies). Migrations, the outbox relay and demo seeds run as
 * the owner, the only code that crosses organizations.
 */
export const TENANT_ROLE = 'plaza_tenant';

/**
 * Enters the tenant role and the scope for the rest of the current transaction (`is_local`):
 * RLS policies read `plaza.organization_id` and `plaza.user_id`. Unknown parts are '', which
 * matches no row.
 */
const ENTER_SCOPE = `SELECT set_config('role', '${TENANT_ROLE}', true), set_config('plaza.organization_id', $1, true), set_config('plaza.user_id', $2, true)`;

/** The parts of a generated PrismaClient the tenant scope is built from (structural: any subgraph's client fits). */
interface ScopableClient {
  $queryRawUnsafe(query: string, ...values: unknown[]): PromiseLike<unknown>;
  $transaction(batch: PromiseLike<unknown>[]): Promise<unknown[]>;
  $extends(extension: {
    query: { $allOperations(operation: { args: unknown; query(args: unknown): PromiseLike<unknown> }): Promise<unknown> };
  }): unknown;
}

/**
 * A DataAccess over a Prisma client in which every statement runs as the tenant role inside
 * its scope's organization, so PostgreSQL's row-level security refuses what a forgotten filter
 * would let through. A transaction enters the scope once, first; a statement outside one is
 * sent as a short transaction of its own (enter the scope, run it) by a query extension.
 */
export function prismaDataAccess<Client extends TransactionalClient<TransactionOf<Client>>, Repositories>(
  prisma: Client,
  createRepositories: (db: Client | TransactionOf<Client>) => Repositories,
): DataAccess<Repositories> {
  const scopable = prisma as unknown as ScopableClient;
  const enter = (client: Pick<ScopableClient, '$queryRawUnsafe'>, scope: TenantScope) =>
    client.$queryRawUnsafe(ENTER_SCOPE, scope.organizationId ?? '', scope.userId ?? '');
  return {
    repositories(scope) {
      // A query-only extension keeps the client's whole API, so the extended client is still a
      // Client to the repositories; Prisma's types cannot say so, hence the one cast here.
      const scoped = scopable.$extends({
        query: {
          async $allOperations(operation) {
            const [, result] = await scopable.$transaction([enter(scopable, scope), operation.query(operation.args)]);
            return result;
          },
        },
      }) as Client;
      return createRepositories(scoped);
    },
    transaction: (scope, work, options) =>
      prisma.$transaction(async (tx) => {
        await enter(tx as unknown as ScopableClient, scope);
        return work(createRepositories(tx));
      }, options),
  };
}

/** A repository's public methods: what services call and what an in-memory fake implements. */
type PublicShape<Repository> = { [Member in keyof Repository]: Repository[Member] };

/**
 * The public shape of a subgraph's repository set, from its `createRepositories`: services depend
 * on this rather than on the classes (whose private Prisma client a fake could not have).
 */
export type RepositoriesOf<Factory extends (db: never) => object> = {
  [Name in keyof ReturnType<Factory>]: PublicShape<ReturnType<Factory>[Name]>;
};

/** In-memory stand-ins for the repositories a unit test exercises; the others may be left out. */
export type FakeRepositories<Repositories> = { [Name in keyof Repositories]?: Partial<Repositories[Name]> };

/**
 * A DataAccess for unit tests: every call gets the same in-memory repositories, and a
 * transaction is just a call of `work`, so services' rules are tested without a database. A
 * repository or method the test did not fake throws, naming it, when the service calls it.
 */
export function fakeDataAccess<Repositories>(fakes: FakeRepositories<Repositories>): DataAccess<Repositories> {
  const missing = (path: string) => () => {
    throw new Error(`${path} was called, but the test gave no fake for it`);
  };
  const repositories = new Proxy(fakes, {
    get: (target, name: string) => {
      const repository = (target as Record<string, Record<string, unknown> | undefined>)[name] ?? {};
      return new Proxy(repository, { get: (methods, method: string) => methods[method] ?? missing(`${name}.${method}`) });
    },
  }) as Repositories;
  return {
    repositories: () => repositories,
    transaction: (_scope, work) => work(repositories),
  };
}
