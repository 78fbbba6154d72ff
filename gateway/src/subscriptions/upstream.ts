import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { FetchNode } from '@apollo/query-planner';
import { VIEWER_HEADER } from '@plaza/auth';

export interface UpstreamEvent {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface UpstreamSink {
  next(event: UpstreamEvent): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * One graphql-ws connection per subgraph, shared by every subscription that subgraph serves
 * (the viewer travels per operation). Lazy: it opens with the first subscription and closes
 * when the last one ends. No retries: when a subgraph goes away, its subscriptions end with an
 * error rather than hang, and clients resubscribe.
 */
export class UpstreamPool {
  private readonly clients = new Map<string, Client>();
  private active = 0;

  constructor(private readonly urls: Record<string, string>) {}

  /** Upstream operations open now, across subgraphs. */
  activeCount(): number {
    return this.active;
  }

  subscribe(primary: FetchNode, variables: Record<string, unknown>, viewerAssertion: string, sink: UpstreamSink): () => void {
    const client = this.clientFor(primary.serviceName);
    this.active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.active--;
    };
    const usedVariables = Object.fromEntries(
      (primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]),
    );
    const unsubscribe = client.subscribe(
      {
        query: primary.operation,
        operationName: primary.operationName,
        variables: usedVariables,
        extensions: { [VIEWER_HEADER]: viewerAssertion },
      },
      {
        next: (result) => sink.next(result as UpstreamEvent),
        error: (error) => {
          release();
          sink.error(error);
        },
        complete: () => {
          release();
          sink.complete();
        },
      },
    );
    return () => {
      release();
      unsubscribe();
    };
  }

  private clientFor(serviceName: string): Client {
    let client = this.clients.get(serviceName);
    if (!client) {
      const url = this.urls[serviceName];
      if (!url) throw new Error(`No URL for subgraph ${serviceName}`);
      client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: true,
        lazyCloseTimeout: 0,
        retryAttempts: 0,
        keepAlive: 10_000,
      });
      this.clients.set(serviceName, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map(async (client) => client.dispose()));
    this.clients.clear();
  }
}
