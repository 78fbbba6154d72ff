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
   * all. The repositories it receives are bound to that transaction.
   */
  transaction<Result>(scope: TenantScope, work: (repositories: Repositories) => Promise<Result>): Promise<Result>;
}

/** What `prismaDataAccess` needs of a generated PrismaClient: the interactive transaction. */
export interface TransactionalClient<Transaction> {
  $transaction<Result>(work: (tx: Transaction) => Promise<Result>): Promise<Result>;
}

/** The transaction client type a generated PrismaClient hands to `$transaction(work)`. */
export type TransactionOf<Client> = Client extends { $transaction<R>(work: (tx: infer Tx) => Promise<R>, options?: infer _): Promise<R> } ? Tx : never;

/** A DataAccess over a Prisma client: the subgraph's repositories are built on the client or on a transaction. */
export function prismaDataAccess<Client extends TransactionalClient<TransactionOf<Client>>, Repositories>(
  prisma: Client,
  createRepositories: (db: Client | TransactionOf<Client>) => Repositories,
): DataAccess<Repositories> {
  const shared = createRepositories(prisma);
  return {
    repositories: () => shared,
    transaction: (_scope, work) => prisma.$transaction((tx) => work(createRepositories(tx))),
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
