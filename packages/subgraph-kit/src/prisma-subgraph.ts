import type { Viewer } from '@plaza/auth';
import { openDatabase, type DatabaseLocation, type OpenDatabaseOptions } from '@plaza/db';
import { UndeliveredError, createLivePubSub, startOutboxRelay, type DomainEvent, type EventBus, type LivePubSub, type OutboxClient } from '@plaza/events';
import { DomainError, toGraphQLError } from './errors.ts';
import { createLogger } from './logger.ts';
import type { BaseContext } from './context.ts';
import { createSubgraphSchema, type Resolvers } from './schema.ts';
import type { Subgraph } from './server.ts';

/** Per-request context of a Prisma-backed subgraph: services live per process, loaders per request. */
export type SubgraphContext<Services, Loaders> = BaseContext & { services: Services; loaders: Loaders };

type PrismaClientLike = Parameters<typeof openDatabase>[0] extends OpenDatabaseOptions<infer Client> ? Client : never;

/** Everything that differs between subgraphs; `definePrismaSubgraph` wires the rest the same way for all. */
export interface PrismaSubgraphDefinition<Client extends PrismaClientLike, Services, Loaders> {
  name: string;
  /** Folder of the subgraph's `*.graphql` files. */
  sdlDir: string;
  /** Folder holding `schema.prisma` and `migrations/`. */
  prismaDir: string;
  createClient: OpenDatabaseOptions<Client>['createClient'];
  pgliteExtensions?: OpenDatabaseOptions<Client>['pgliteExtensions'];
  /** Services live per process; `runtime.live` publishes updates to GraphQL subscribers. */
  createServices(prisma: Client, runtime: SubgraphRuntime): Services;
  /** Called once per request: loaders cache per viewer and must never outlive the request. */
  createLoaders(scope: { prisma: Client; viewer: Viewer; services: Services }): Loaders;
  /**
   * Runs before each operation, once its loaders exist: throws a DomainError to refuse a viewer
   * whose signed assertion still looks valid but whom this subgraph knows may no longer act
   * (e.g. a member its directory has seen leave, while their access token has not expired).
   */
  admit?(scope: { viewer: Viewer; services: Services; loaders: Loaders }): Promise<void>;
  resolvers: Resolvers<SubgraphContext<Services, Loaders>>;
  seedDemo?(prisma: Client): Promise<void>;
  /** The schema has the OutboxEvent model: relay its domain events to the bus. */
  outbox?: boolean;
  /** Periodic work while the subgraph runs (e.g. delivery retries, purges). Overlapping runs are skipped. */
  jobs?(services: Services): { name: string; everyMs: number; run(): Promise<unknown> }[];
  /** Consumes domain events as this consumer group (idempotent handler: events come at least once). */
  consumer?: { group: string; handle(services: Services, event: DomainEvent): Promise<void> };
}

/** Process-wide facilities a subgraph's services may use. */
export interface SubgraphRuntime {
  live: LivePubSub;
}

export interface CreateSubgraphOptions {
  /** Live updates for subscriptions. Default: a new one from PLAZA_PUBSUB (in-process by default). */
  live?: LivePubSub;
  location?: DatabaseLocation;
  /** Where domain events go and come from. Required when the subgraph has an outbox or a consumer. */
  bus?: EventBus;
}

/**
 * Returns the subgraph package's `createSubgraph`: opens its database (applying migrations),
 * builds the schema and the per-request context.
 */
export function definePrismaSubgraph<Client extends PrismaClientLike, Services, Loaders>(
  definition: PrismaSubgraphDefinition<Client, Services, Loaders>,
) {
  return async function createSubgraph(
    options: CreateSubgraphOptions = {},
  ): Promise<Subgraph<SubgraphContext<Services, Loaders>, Client> & { services: Services }> {
    const database = await openDatabase({
      subgraph: definition.name,
      prismaDir: definition.prismaDir,
      location: options.location,
      createClient: definition.createClient,
      pgliteExtensions: definition.pgliteExtensions,
    });
    const prisma = database.prisma;
    const ownLive = options.live ? undefined : await createLivePubSub();
    const live = options.live ?? ownLive!;
    const services = definition.createServices(prisma, { live });
    const needsBus = definition.outbox || definition.consumer;
    if (needsBus && !options.bus) throw new Error(`Subgraph ${definition.name} needs an event bus (options.bus)`);
    const relay = definition.outbox
      ? startOutboxRelay({
          prisma: prisma as unknown as OutboxClient,
          bus: options.bus!,
          onError: (error) => {
            // A stopped consumer is an expected state: events wait in the outbox until it returns.
            const log = createLogger(definition.name);
            if (error instanceof UndeliveredError) log.debug({ err: error }, 'outbox waiting for consumers');
            else log.warn({ err: error }, 'outbox relay failed; will retry');
          },
        })
      : undefined;
    const consumer = definition.consumer
      ? await options.bus!.subscribe(definition.consumer.group, (event) => definition.consumer!.handle(services, event))
      : undefined;
    const log = createLogger(definition.name);
    const timers = (definition.jobs?.(services) ?? []).map((job) => {
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
        const loaders = definition.createLoaders({ prisma, viewer: base.viewer, services });
        try {
          await definition.admit?.({ viewer: base.viewer, services, loaders });
        } catch (error) {
          // Thrown before execution, so Apollo Server sends it as it is, with its HTTP status.
          throw error instanceof DomainError ? toGraphQLError(error) : error;
        }
        return { ...base, services, loaders };
      },
      checkReady: database.ping,
      seedDemo: definition.seedDemo && (() => definition.seedDemo!(prisma)),
      async close() {
        for (const { timer } of timers) clearInterval(timer);
        await Promise.all(timers.map(({ settle }) => settle()));
        await consumer?.close();
        await relay?.stop();
        await ownLive?.close();
        await database.close();
      },
    };
  };
}
