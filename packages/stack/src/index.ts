import { readFileSync } from 'node:fs';
import type { SigningKeys } from '@plaza/auth';
import type { DatabaseLocation } from '@plaza/db';
import type { EventBus, LivePubSub } from '@plaza/events';
import { SUPERGRAPH_PATH, startGateway, type GatewayOptions, type RunningGateway } from '@plaza/gateway';
import { serveSubgraph, type RunningServer, type Subgraph } from '@plaza/subgraph-kit';
import type { SubgraphEntry } from '@plaza/topology';
import { loadSubgraphModules, type SubgraphModule } from './subgraph-modules.ts';

export interface StackOptions {
  /** Gateway port; 0 picks a free one. Default 4000. */
  gatewayPort?: number;
  /** 'registry' uses each subgraph's port in supergraph.yaml; 'random' lets tests run stacks side by side. */
  subgraphPorts?: 'registry' | 'random';
  /** Start only these subgraphs (the single-subgraph test harness). Default: every one in supergraph.yaml. */
  only?: readonly string[];
  /** Where each subgraph's database is. */
  locationOf(entry: SubgraphEntry, module: SubgraphModule): DatabaseLocation | Promise<DatabaseLocation>;
  /** The domain-event bus shared by all subgraphs. */
  bus: EventBus;
  /** Live updates for subscriptions, shared by all subgraphs. */
  live: LivePubSub;
  /** The gateway's keys for viewer assertions; the subgraphs verify with their public halves. */
  gatewayKeys: SigningKeys;
  /** Environment the subgraphs read their own settings from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** PostgreSQL connections per subgraph. Default 10. */
  poolSize?: number;
  /** Load the demo organization's data. Default true. */
  seedDemo?: boolean;
  /** Compose from the running subgraphs instead of the checked-in supergraph.graphql. */
  devCompose?: boolean;
  /** Extra gateway settings (e.g. a short membership re-check interval in tests). */
  gateway?: Pick<
    GatewayOptions,
    | 'subscriptionRevalidateMs'
    | 'subscriptionMembershipGraceMs'
    | 'apolloTelemetry'
    | 'jwksUrl'
    | 'viewerAccessTtlMs'
    | 'subgraphTimeoutMs'
    | 'subgraphIdleSocketTimeoutMs'
    | 'operationLimits'
    | 'hideSchemaDetails'
    | 'rateLimits'
    | 'log'
    | 'corsOrigins'
    | 'connectionCaps'
    | 'trustedDocuments'
    | 'overheadBaseline'
  >;
}

export interface RunningSubgraph {
  entry: SubgraphEntry;
  subgraph: Subgraph & { publishPendingEvents(): Promise<number> };
  server: RunningServer;
}

export interface RunningStack {
  gateway: RunningGateway;
  bus: EventBus;
  live: LivePubSub;
  subgraphs: Record<string, RunningSubgraph>;
  /** Stops one subgraph (server and database connections); its data stays. */
  stopSubgraph(name: string): Promise<void>;
  /** Starts a stopped subgraph again on the same database and port. */
  startSubgraph(name: string): Promise<void>;
  /**
   * A second instance of a subgraph on the same database, bus and live pub/sub (a PostgreSQL
   * database: two PGlite instances cannot share a folder), on its own port.
   */
  startReplica(name: string): Promise<{ url: string; listeningSubscriptions(): number; stop(): Promise<void> }>;
  /**
   * A second gateway over the same supergraph; `subgraphUrls` overrides where it sends fetches,
   * `settings` the stack's gateway settings (e.g. a short subgraph timeout).
   */
  startGatewayReplica(subgraphUrls?: Record<string, string>, settings?: StackOptions['gateway']): Promise<RunningGateway>;
  /**
   * Resolves once every domain event recorded so far has reached every consumer group that is
   * running: outboxes drained and the bus holds nothing undelivered or unacknowledged. Returns at
   * once when a consumer is stopped (its events wait, by design).
   */
  eventsSettled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the subgraphs of supergraph.yaml, each on its own database and port, then the gateway
 * over the checked-in supergraph. In one process for a fast local start; each subgraph still
 * runs as its own HTTP server and nothing is shared but the event loop, the event bus and the
 * live pub/sub. Subgraph packages are loaded from the list, so this package depends on none.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const modules = await loadSubgraphModules(options.only);
  const running: Record<string, RunningSubgraph> = {};
  const locations = new Map<string, DatabaseLocation>();
  const ports = new Map<string, number>();
  const { bus, live } = options;
  const create = (module: SubgraphModule) =>
    module.createSubgraph({ location: locations.get(module.entry.name)!, bus, live, env: options.env, poolSize: options.poolSize });

  const launch = async (module: SubgraphModule, port: number) => {
    const subgraph = await create(module);
    try {
      const server = await serveSubgraph(subgraph, { port, assertionVerifier: options.gatewayKeys.verifier });
      running[module.entry.name] = { entry: module.entry, subgraph, server };
      ports.set(module.entry.name, server.port);
    } catch (error) {
      await subgraph.close();
      throw error;
    }
  };
  const halt = async (name: string) => {
    const current = running[name];
    if (!current) return;
    delete running[name];
    await current.server.stop();
    await current.subgraph.close();
  };
  const stopAll = () => Promise.allSettled(Object.keys(running).map(halt));
  const moduleOf = (name: string) => {
    const module = modules.find((candidate) => candidate.entry.name === name);
    if (!module) throw new Error(`Subgraph ${name} is not part of this stack`);
    return module;
  };
  const urls = () => Object.fromEntries(Object.entries(running).map(([name, { server }]) => [name, server.url]));

  try {
    // Sequential: PGlite start-up is CPU-bound, and parallel starts on 2 cores only interleave.
    for (const module of modules) {
      locations.set(module.entry.name, await options.locationOf(module.entry, module));
      await launch(module, options.subgraphPorts === 'random' ? 0 : module.entry.port);
      if (options.seedDemo ?? true) await running[module.entry.name]!.subgraph.seedDemo?.();
    }
    const gatewaySettings = { assertionKeys: options.gatewayKeys, live, ...options.gateway };
    const gateway = await startGateway({
      port: options.gatewayPort ?? 4000,
      subgraphUrls: urls(),
      supergraphSdl: options.devCompose ? undefined : readFileSync(SUPERGRAPH_PATH, 'utf8'),
      ...gatewaySettings,
    });
    return {
      gateway,
      bus,
      live,
      subgraphs: running,
      stopSubgraph: halt,
      async startSubgraph(name) {
        if (running[name]) return;
        await launch(moduleOf(name), ports.get(name)!);
      },
      async startReplica(name) {
        const subgraph = await create(moduleOf(name));
        const server = await serveSubgraph(subgraph, { port: 0, assertionVerifier: options.gatewayKeys.verifier });
        return {
          url: server.url,
          listeningSubscriptions: () => server.listeningSubscriptions(),
          async stop() {
            await server.stop();
            await subgraph.close();
          },
        };
      },
      startGatewayReplica(subgraphUrls = {}, settings = {}) {
        return startGateway({
          port: 0,
          subgraphUrls: { ...urls(), ...subgraphUrls },
          supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
          ...gatewaySettings,
          ...settings,
        });
      },
      async eventsSettled(timeoutMs = 20_000) {
        const groups = modules.flatMap(({ entry }) => (entry.consumerGroup ? [{ name: entry.name, group: entry.consumerGroup }] : []));
        if (groups.some(({ name }) => !running[name])) return;
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const pending = await Promise.all(Object.values(running).map(({ subgraph }) => subgraph.publishPendingEvents()));
          const outboxesDrained = pending.every((count) => count === 0);
          const lags = outboxesDrained ? await Promise.all(groups.map(({ group }) => bus.consumerLag(group))) : [];
          if (outboxesDrained && lags.every((lag) => lag.pending === 0 && lag.undelivered === 0)) return;
          if (Date.now() > deadline)
            throw new Error(
              `Domain events not settled within ${timeoutMs} ms: outboxes ${pending.join('/')}, consumer lag ${JSON.stringify(lags)}`,
            );
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      async stop() {
        await gateway.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export type { SubgraphModule } from './subgraph-modules.ts';
export { loadSubgraphModules } from './subgraph-modules.ts';
