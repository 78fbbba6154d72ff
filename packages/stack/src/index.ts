import { readFileSync } from 'node:fs';
import { SUBGRAPHS, SUPERGRAPH_PATH, startGateway, type GatewayOptions, type RunningGateway } from '@plaza/gateway';
import type { DatabaseLocation } from '@plaza/db';
import { createLivePubSub, eventBusFromEnv, type EventBus, type LivePubSub } from '@plaza/events';
import type { RunningServer, Subgraph } from '@plaza/subgraph-kit';
import { serveSubgraph } from '@plaza/subgraph-kit';
import { SUBGRAPH_MODULES } from './subgraph-modules.ts';

export interface StackOptions {
  /** Gateway port; 0 picks a free one. Default 4000. */
  gatewayPort?: number;
  /** 'registry' uses each subgraph's documented port; 'random' lets tests run stacks side by side. */
  subgraphPorts?: 'registry' | 'random';
  /** Database of each subgraph. Default: from the environment (embedded PGlite or DATABASE_URL). */
  locationOf?: (subgraph: string) => DatabaseLocation | undefined;
  /** The domain-event bus shared by all subgraphs. Default: from PLAZA_EVENT_BUS (in-process). */
  bus?: EventBus;
  /** Live updates for subscriptions, shared by all subgraphs. Default: from PLAZA_PUBSUB (in-process). */
  live?: LivePubSub;
  /** Load the demo organization's data. Default true. */
  seedDemo?: boolean;
  /** Compose from the running subgraphs instead of the checked-in supergraph.graphql. */
  devCompose?: boolean;
  /** Extra gateway settings (e.g. a short membership re-check interval in tests). */
  gateway?: Pick<GatewayOptions, 'subscriptionRevalidateMs' | 'subscriptionMembershipGraceMs'>;
}

interface RunningSubgraph {
  subgraph: Subgraph<any, any>;
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
  /** A second gateway over the same supergraph; `subgraphUrls` overrides where it sends fetches. */
  startGatewayReplica(subgraphUrls?: Record<string, string>): Promise<RunningGateway>;
  stop(): Promise<void>;
}

/**
 * Starts the seven subgraphs, each on its own database and port, then the gateway over the
 * checked-in supergraph. In one process for a fast local start; each subgraph still runs as
 * its own HTTP server and nothing is shared but the event loop and the event bus.
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const running: Record<string, RunningSubgraph> = {};
  const locations = new Map<string, DatabaseLocation | undefined>();
  const ports = new Map<string, number>();
  const bus = options.bus ?? eventBusFromEnv();
  const live = options.live ?? (await createLivePubSub());

  const launch = async (name: string, port: number) => {
    const subgraph = await SUBGRAPH_MODULES[name]!.createSubgraph({ location: locations.get(name), bus, live });
    try {
      const server = await serveSubgraph(subgraph, { port });
      running[name] = { subgraph, server };
      ports.set(name, server.port);
    } catch (error) {
      await subgraph.close();
      throw error;
    }
  };
  const halt = async (name: string) => {
    const entry = running[name];
    if (!entry) return;
    delete running[name];
    await entry.server.stop();
    await entry.subgraph.close();
  };
  const stopAll = async () => {
    await Promise.allSettled(Object.keys(running).map(halt));
    await bus.close();
    await live.close();
  };

  try {
    // Sequential: PGlite start-up is CPU-bound, and parallel starts on 2 cores only interleave.
    for (const { name, port } of SUBGRAPHS) {
      locations.set(name, options.locationOf?.(name));
      await launch(name, options.subgraphPorts === 'random' ? 0 : port);
      if (options.seedDemo ?? true) await running[name]!.subgraph.seedDemo?.();
    }
    const gateway = await startGateway({
      port: options.gatewayPort ?? 4000,
      subgraphUrls: Object.fromEntries(Object.entries(running).map(([name, { server }]) => [name, server.url])),
      supergraphSdl: options.devCompose ? undefined : readFileSync(SUPERGRAPH_PATH, 'utf8'),
      ...options.gateway,
    });
    return {
      gateway,
      bus,
      live,
      subgraphs: running,
      stopSubgraph: halt,
      async startSubgraph(name) {
        if (running[name]) return;
        await launch(name, ports.get(name)!);
      },
      async startReplica(name) {
        const subgraph = await SUBGRAPH_MODULES[name]!.createSubgraph({ location: locations.get(name), bus, live });
        const server = await serveSubgraph(subgraph, { port: 0 });
        return {
          url: server.url,
          listeningSubscriptions: () => server.listeningSubscriptions(),
          async stop() {
            await server.stop();
            await subgraph.close();
          },
        };
      },
      startGatewayReplica(subgraphUrls = {}) {
        return startGateway({
          port: 0,
          subgraphUrls: { ...Object.fromEntries(Object.entries(running).map(([name, { server }]) => [name, server.url])), ...subgraphUrls },
          supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
          ...options.gateway,
        });
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
