import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../viewer-context.ts';
import { GraphQLDataSourceRequestKind } from './request-context.ts';

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;
type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type Answer = { response: Response; shareable: boolean };
/** What RemoteGraphQLDataSource reads off a subgraph's Cache-Control header. */
type CacheHint = { maxAge?: number; scope?: 'PUBLIC' | 'PRIVATE' };
/** A fetch made for a client operation (not a health check or schema load). */
type OperationFetch = Extract<ProcessOptions, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>;

/** Longest time an answer serves identical fetches after it arrived (its max-age caps it further). */
const SHARE_WINDOW_MS = 1_000;

/**
 * Shares a subgraph's answer between identical fetches that one event fans out to.
 *
 * An event reaches every viewer's upstream stream, and each completes it through the query plan:
 * with 100 viewers, 100 identical `_entities` fetches for the author's name. A subgraph says
 * which answers do not depend on who asks with Apollo's standard `@cacheControl` hints (scope
 * PUBLIC, max-age > 0, sent as its Cache-Control header); such an answer is shared with every
 * identical fetch of the same organization and role — in flight, and for up to SHARE_WINDOW_MS
 * after. PRIVATE or unhinted answers are never shared. Answers are tenant data, so the key
 * always holds the organization: PUBLIC means "the same for anyone in this organization".
 */
export class SharedFetches {
  private readonly answers = new Map<string, Promise<Answer>>();
  /**
   * Whether each subgraph query's last answer was shareable. Identical fetches wait for a
   * fetch in flight only when it was, so a query that is never shareable costs no waiting.
   */
  private readonly lastShareable = new Map<string, boolean>();

  /** A data source that shares `source`'s shareable answers. */
  wrap(subgraph: string, source: GraphQLDataSource<GatewayContext>): GraphQLDataSource<GatewayContext> {
    return { process: (options) => this.process(subgraph, source, options) };
  }

  private async process(subgraph: string, source: GraphQLDataSource<GatewayContext>, options: ProcessOptions): Promise<Response> {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return source.process(options);
    const { viewer } = options.context;
    const query = `${subgraph}\n${options.request.query}`;
    const key = JSON.stringify([query, viewer.organizationId, viewer.role, options.request.variables ?? {}]);

    const inFlightOrRecent = this.answers.get(key);
    if (inFlightOrRecent) {
      const answer = await inFlightOrRecent.catch(() => undefined);
      // Each taker gets its own copy: the plan executor merges answers into its result in place.
      if (answer?.shareable) return structuredClone(answer.response);
    }
    if (this.lastShareable.get(query) === false) return (await this.fetch(query, source, options)).response;

    const pending = this.fetch(query, source, options);
    this.answers.set(key, pending);
    const forget = () => {
      if (this.answers.get(key) === pending) this.answers.delete(key);
    };
    pending.then((answer) => (answer.shareable ? setTimeout(forget, answer.windowMs).unref() : forget()), forget);
    const { response } = await pending;
    return structuredClone(response);
  }

  private async fetch(
    query: string,
    source: GraphQLDataSource<GatewayContext>,
    options: OperationFetch,
  ): Promise<Answer & { windowMs: number }> {
    // RemoteGraphQLDataSource reports the subgraph's Cache-Control header as a hint to the
    // incoming request's cache policy; give it one of its own to read this fetch's hint alone.
    let hint: CacheHint = { maxAge: 0 };
    const policy = { restrict: (received: CacheHint) => void (hint = received) };
    const response = await source.process({
      ...options,
      incomingRequestContext: { ...options.incomingRequestContext, overallCachePolicy: policy },
    });
    const maxAgeMs = (hint.maxAge ?? 0) * 1_000;
    const shareable = !response.errors?.length && hint.scope === 'PUBLIC' && maxAgeMs > 0;
    this.lastShareable.set(query, shareable);
    return { response, shareable, windowMs: Math.min(maxAgeMs, SHARE_WINDOW_MS) };
  }
}
