import type { Viewer } from '@plaza/auth';
import { loadConfig } from '@plaza/config';
import { openDatabase, type DatabaseLocation, type OpenDatabaseOptions } from '@plaza/db';
import { UndeliveredError, startOutboxRelay, type DomainEvent, type EventBus, type LivePubSub, type OutboxClient } from '@plaza/events';
import { topology } from '@plaza/topology';
import { z } from 'zod';
import type { BaseContext } from './context.ts';
import { prismaDataAccess, type DataAccess, type TransactionOf, type TransactionalClient } from './data-access.ts';
import { DomainError, toGraphQLError } from './errors.ts';
import { createLogger } from './logger.ts';
import { MemberDirectory, MemberDirectoryRepository, type RawSqlClient } from './member-directory.ts';
import { createSubgraphSchema, type ResolverMap } from './schema.ts';
import type { RawGetHandler, RawPostHandler, Subgraph } from './server.ts';

/** Per-request context of a Prisma-backed subgraph: services live per process, loaders per request. */
export type SubgraphContext<Services, Loaders> = BaseContext & { services: Services; loaders: Loaders };

type PrismaClientLike = Parameters<typeof openDatabase>[0] extends OpenDatabaseOptions<infer Client> ? Client : never;

/** What a subgraph's services are built from, once per process. */
export interface ServiceDependencies<Repositories, Settings> {
  /** Repositories, per statement or per transaction: the only way services reach the database. */
  data: DataAccess<Repositories>;
  /** Publishes updates to GraphQL subscribers (after commit). */
  live: LivePubSub;
  /** The subgraph's own settings, parsed from the environment with its `settings` schema. */
  settings: Settings;
  /** The member directory (with `memberDirectory: true`; without it, every call fails saying so). */
  members: MemberDirectory;
}

/** Everything that differs between subgraphs; `definePrismaSubgraph` wires the rest the same way for all. */
export interface PrismaSubgraphDefinition<
  Client extends PrismaClientLike & TransactionalClient<TransactionOf<Client>>,
  Repositories,
  Services,
  Loaders,
  SettingsSchema extends z.ZodObject,
> {
  name: string;
  /** Folder of the subgraph's `*.graphql` files. */
  sdlDir: string;
  /** Folder holding `schema.prisma` and `migrations/`. */
  prismaDir: string;
  createClient: OpenDatabaseOptions<Client>['createClient'];
  pgliteExtensions?: OpenDatabaseOptions<Client>['pgliteExtensions'];
  /**
   * Environment variables of this subgraph alone (e.g. an SMTP URL), parsed at start; a bad
   * value stops the start naming the variable. Listed in the README's configuration table.
   */
  settings?: SettingsSchema;
  /** Every repository of the subgraph over one client or transaction: the only code that touches Prisma. */
  createRepositories(db: Client | TransactionOf<Client>): Repositories;
  /** Services live per process. */
  createServices(dependencies: ServiceDependencies<Repositories, z.output<SettingsSchema>>): Services;
  /**
   * Called once per request: loaders cache per viewer and must never outlive the request.
   * `repositories` are scoped to the viewer.
   */
  createLoaders(scope: { repositories: Repositories; viewer: Viewer; services: Services }): Loaders;
  /**
   * Runs before each operation, once its loaders exist: throws a DomainError to refuse a viewer
   * whose signed assertion still looks valid but whom this subgraph knows may no longer act
   * (e.g. a member its directory has seen leave, while their access token has not expired).
   */
  admit?(scope: { viewer: Viewer; services: Services; loaders: Loaders }): Promise<void>;
  /** The resolver map, typed by the subgraph's generated `Resolvers`. */
  resolvers: ResolverMap;
  /** Unauthenticated JSON documents to publish, by path (identity's JWKS). */
  publicDocuments?(services: Services): Record<string, () => unknown>;
  /** Unauthenticated POST routes with the raw body, by path (a payment provider's webhooks); see RawPostHandler. */
  httpRoutes?(services: Services): Record<string, RawPostHandler>;
  /** Unauthenticated GET routes that stream their answer, by express path (signed downloads); see RawGetHandler. */
  streamRoutes?(services: Services): Record<string, RawGetHandler>;
  /**
   * Upserts the demo data. Tooling, like migrations: it may write with the client directly, and
   * use the services for what is not in the database (e.g. files in storage).
   */
  seedDemo?(prisma: Client, services: Services): Promise<void>;
  /** The schema has the OutboxEvent model: relay its domain events to the bus. */
  outbox?: boolean;
  /** Periodic work while the subgraph runs (e.g. delivery retries, purges). Overlapping runs are skipped. */
  jobs?(services: Services, settings: z.output<SettingsSchema>): { name: string; everyMs: number; run(): Promise<unknown> }[];
  /**
   * Consumes domain events as its consumer group of supergraph.yaml (`events.consumes`);
   * idempotent handler: events come at least once.
   */
  consumer?: { handle(services: Services, event: DomainEvent): Promise<void> };
  /**
   * Keeps a member directory from identity's membership events (the schema must hold the
   * OrganizationMember model of packages/subgraph-kit/member-directory.prisma): services get it as
   * `members` to check the user ids clients send, and viewers it has seen leave are refused.
   */
  memberDirectory?: boolean;
}

export interface CreateSubgraphOptions {
  /** Where the subgraph's database is. */
  location: DatabaseLocation;
  /** Live updates for subscriptions, shared with the other subgraphs of the process. */
  live: LivePubSub;
  /** Where domain events go and come from. Required when the subgraph has an outbox or a consumer. */
  bus?: EventBus;
  /** Environment its own settings are read from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** PostgreSQL connections in the pool. Default 10. */
  poolSize?: number;
}

/** A running Prisma-backed subgraph, with what tests and the stack may inspect. */
export type PrismaSubgraph<Client, Services, Context extends BaseContext> = Subgraph<Context, Client> & {
  services: Services;
  /**
   * Publishes the domain events recorded so far now instead of at the relay's next poll, and
   * returns how many are still not accepted by the bus (0 without an outbox): for waiting until
   * events have settled without waiting out the poll interval.
   */
  publishPendingEvents(): Promise<number>;
};

/**
 * Returns the subgraph package's `createSubgraph`: opens its database (applying migrations),
 * builds the schema and the per-request context.
 */
export function definePrismaSubgraph<
  Client extends PrismaClientLike & TransactionalClient<TransactionOf<Client>>,
  Repositories,
  Services,
  Loaders,
  SettingsSchema extends z.ZodObject = z.ZodObject<Record<never, never>>,
>(definition: PrismaSubgraphDefinition<Client, Repositories, Services, Loaders, SettingsSchema>) {
  const settingsSchema = definition.settings ?? z.object({});
  async function createSubgraph(
    options: CreateSubgraphOptions,
  ): Promise<PrismaSubgraph<Client, Services, SubgraphContext<Services, Loaders>>> {
    const settings = loadConfig(settingsSchema, options.env) as z.output<SettingsSchema>;
    const log = createLogger(definition.name);
    const consumes = definition.consumer || definition.memberDirectory;
    const consumerGroup = topology().subgraphs.find((entry) => entry.name === definition.name)?.consumerGroup;
    if (consumes && !consumerGroup)
      throw new Error(`Subgraph ${definition.name} consumes domain events: give it events.consumes in ${topology().file}`);
    const needsBus = definition.outbox || consumes;
    if (needsBus && !options.bus) throw new Error(`Subgraph ${definition.name} needs an event bus (options.bus)`);
    const database = await openDatabase({
      subgraph: definition.name,
      prismaDir: definition.prismaDir,
      location: options.location,
      createClient: definition.createClient,
      pgliteExtensions: definition.pgliteExtensions,
      poolSize: options.poolSize,
    });
    const prisma = database.prisma;
    const data = prismaDataAccess(prisma, (db) => definition.createRepositories(db));
    const members = new MemberDirectory(
      definition.name,
      // Every generated client has the raw-SQL methods; its generic type cannot say so to the kit.
      definition.memberDirectory
        ? prismaDataAccess(prisma, (db) => ({ members: new MemberDirectoryRepository(db as unknown as RawSqlClient) }))
        : undefined,
    );
    const services = definition.createServices({ data, live: options.live, settings, members });
    const outbox = prisma as unknown as OutboxClient;
    const relay = definition.outbox
      ? startOutboxRelay({
          prisma: outbox,
          bus: options.bus!,
          onError: (error) => {
            // A stopped consumer is an expected state: events wait in the outbox until it returns.
            if (error instanceof UndeliveredError) log.debug({ err: error }, 'outbox waiting for consumers');
            else log.warn({ err: error }, 'outbox relay failed; will retry');
          },
        })
      : undefined;
    let draining: Promise<number> | undefined;
    const consumer = consumes
      ? await options.bus!.subscribe(consumerGroup!, async (event) => {
          if (definition.memberDirectory) await members.apply(event);
          await definition.consumer?.handle(services, event);
        })
      : undefined;
    const timers = (definition.jobs?.(services, settings) ?? []).map((job) => {
      let running: Promise<unknown> | undefined;
      const timer = setInterval(() => {
        if (running) return;
        running = job
          .run()
          .catch((error) => log.warn({ err: error, job: job.name }, 'background job failed'))
          .finally(() => (running = undefined));
      }, job.everyMs);
      timer.unref();
      return { timer, settle: () => running };
    });
    return {
      name: definition.name,
      prisma,
      services,
      schema: createSubgraphSchema(definition.sdlDir, definition.resolvers),
      async createContext(base) {
        const repositories = data.repositories(base.viewer);
        const loaders = definition.createLoaders({ repositories, viewer: base.viewer, services });
        try {
          if (definition.memberDirectory) await members.admit(base.viewer);
          await definition.admit?.({ viewer: base.viewer, services, loaders });
        } catch (error) {
          // Thrown before execution, so Apollo Server sends it as it is, with its HTTP status.
          throw error instanceof DomainError ? toGraphQLError(error) : error;
        }
        return { ...base, services, loaders };
      },
      checkReady: () => database.ping(),
      backlogs: {
        ...(relay && { outboxPending: () => relay.pending() }),
        ...(consumer && { consumerLag: { group: consumerGroup!, read: () => options.bus!.consumerLag(consumerGroup!) } }),
        databasePool: () => database.poolUse(),
      },
      publicDocuments: definition.publicDocuments?.(services),
      httpRoutes: definition.httpRoutes?.(services),
      streamRoutes: definition.streamRoutes?.(services),
      seedDemo: definition.seedDemo && (() => definition.seedDemo!(prisma, services)),
      async publishPendingEvents() {
        if (!relay) return 0;
        // One drain at a time however many callers wait: each holds a connection until the
        // in-process bus's consumers are done. A refusal (a consumer stopped, a broker away) is the
        // relay's to retry and report.
        draining ??= relay
          .drain()
          .catch(() => 0)
          .finally(() => (draining = undefined));
        await draining;
        return relay.pending();
      },
      async close() {
        for (const { timer } of timers) clearInterval(timer);
        await Promise.all(timers.map(async ({ settle }) => settle()));
        await consumer?.close();
        await relay?.stop();
        await database.close();
      },
    };
  }
  /** Applies the subgraph's migrations to a database and closes it (test templates, tooling). */
  async function migrate(location: DatabaseLocation): Promise<void> {
    const database = await openDatabase({
      subgraph: definition.name,
      prismaDir: definition.prismaDir,
      location,
      createClient: definition.createClient,
      pgliteExtensions: definition.pgliteExtensions,
      poolSize: 1,
    });
    await database.close();
  }
  return Object.assign(createSubgraph, { settings: settingsSchema, migrate, prismaDir: definition.prismaDir });
}
