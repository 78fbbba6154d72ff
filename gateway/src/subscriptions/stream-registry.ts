/**
 * Upstream sharing: client subscriptions with the same document, variables and viewer share one
 * upstream stream, and each of its events is completed once for all of them.
 */
import { createHash } from 'node:crypto';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Viewer } from '@plaza/auth';
import type { Logger } from '@plaza/subgraph-kit';
import type { GatewayContext } from '../viewer-context.ts';
import type { PreparedSubscription } from './subscription-planner.ts';
import type { UpstreamEvent, UpstreamPool } from './upstream.ts';

/** Told of every result of a stream; `last` is true once, for the result that ends it. */
export type StreamListener = (result: ExecutionResult, last: boolean) => void;

/** One subscription of one viewer, as a stream is opened and its events completed. */
export interface StreamRequest {
  prepared: PreparedSubscription;
  variables: Record<string, unknown>;
  /** The viewer every fetch of the stream is made as. */
  context: GatewayContext;
}

export interface SharedStreamsOptions {
  upstream: Pick<UpstreamPool, 'subscribe'>;
  /** The signed statement of who the viewer is that the upstream subscription carries. */
  assertViewer(viewer: Viewer): Promise<string>;
  /** Turns one upstream event into the result every listener gets. */
  completeEvent(request: StreamRequest, event: UpstreamEvent): Promise<ExecutionResult>;
  log: Logger;
}

/** The last result of a stream whose subgraph went away or could not be reached. */
const endedUpstream = (): ExecutionResult => ({
  errors: [
    new GraphQLError('The subscription ended because a service restarted or became unavailable; subscribe again', {
      extensions: { code: 'SUBSCRIPTION_ENDED' },
    }),
  ],
});

export class SharedStreams {
  private readonly streams = new Map<string, SharedStream>();

  constructor(private readonly options: SharedStreamsOptions) {}

  /** Adds `listener` to the stream of this subscription, opening it if none is open; returns how to leave. */
  join(prepared: PreparedSubscription, variables: Record<string, unknown>, viewer: Viewer, listener: StreamListener): () => void {
    const key = streamKey(prepared, variables, viewer);
    let stream = this.streams.get(key);
    if (!stream) {
      const context: GatewayContext = { viewer, requestId: `sub-${key.slice(0, 12)}`, tokenExpiresAt: null };
      const opened = new SharedStream({ prepared, variables, context }, this.options, () => {
        if (this.streams.get(key) === opened) this.streams.delete(key);
      });
      this.streams.set(key, opened);
      stream = opened;
    }
    const joined = stream;
    joined.listeners.add(listener);
    return () => {
      joined.listeners.delete(listener);
      if (joined.listeners.size === 0) joined.release();
    };
  }

  /** Streams open now, each counted once however many listen to it. */
  size(): number {
    return this.streams.size;
  }
}

function streamKey(prepared: PreparedSubscription, variables: Record<string, unknown>, viewer: Viewer): string {
  return createHash('sha256')
    .update(JSON.stringify([prepared.query, prepared.operationContext.operation.name?.value, variables, viewer]))
    .digest('hex');
}

class SharedStream {
  readonly listeners = new Set<StreamListener>();
  /** Events complete one after another, so listeners get them in upstream order. */
  private chain = Promise.resolve();
  private ended = false;
  private unsubscribe = () => {};

  constructor(
    private readonly request: StreamRequest,
    private readonly options: SharedStreamsOptions,
    private readonly forget: () => void,
  ) {
    void this.open().catch((error: unknown) => {
      options.log.error({ err: error, service: request.prepared.primary.serviceName }, 'upstream subscription could not start');
      this.end(endedUpstream());
    });
  }

  /** The last listener left: stops the upstream subscription, or keeps it from starting. */
  release(): void {
    this.ended = true;
    this.forget();
    this.unsubscribe();
  }

  private async open(): Promise<void> {
    const { prepared, variables, context } = this.request;
    const assertion = await this.options.assertViewer(context.viewer);
    if (this.ended) return;
    this.unsubscribe = this.options.upstream.subscribe(prepared.primary, variables, assertion, {
      next: (event) => {
        this.chain = this.chain
          .then(() => this.options.completeEvent(this.request, event))
          .then((result) => this.broadcast(result, false))
          .catch((error: unknown) => this.options.log.error({ err: error }, 'subscription event failed'));
      },
      error: (error) => {
        this.options.log.warn({ err: error, service: prepared.primary.serviceName }, 'upstream subscription ended with an error');
        void this.chain.then(() => this.end(endedUpstream()));
      },
      complete: () => void this.chain.then(() => this.end({})),
    });
  }

  private end(last: ExecutionResult): void {
    if (this.ended) return;
    this.ended = true;
    this.forget();
    this.broadcast(last, true);
  }

  private broadcast(result: ExecutionResult, last: boolean): void {
    for (const listener of this.listeners) listener(result, last);
  }
}
