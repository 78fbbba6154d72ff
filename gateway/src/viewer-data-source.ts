import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, VIEWER_HEADER, signViewerAssertion, type SigningKeys } from '@plaza/auth';
import { GraphQLDataSourceRequestKind } from './subscriptions/request-context.ts';
import type { GatewayContext } from './viewer-context.ts';

/** Forwards each subgraph fetch with the gateway's signed statement of who the viewer is. */
export class ViewerForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly assertionKeys: SigningKeys,
    /** Told of every fetch this data source sends (the gateway counts them per subgraph). */
    private readonly onFetch?: () => void,
    /**
     * Whether to read subgraphs' Cache-Control hints. Off for client queries: every answer is
     * about its viewer, so clients always get `no-store` even where a subgraph marked data
     * PUBLIC (a shared cache must never hand one organization's answer to another). On where
     * the gateway itself shares answers between viewers of one organization (subscriptions).
     */
    readCacheHints = false,
  ) {
    super({ url, honorSubgraphCacheControlHeader: readCacheHints });
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    this.onFetch?.();
    // Composition (dev mode) introspects and health checks run with no client request: anonymous.
    const context = options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? options.context : undefined;
    options.request.http?.headers.set(VIEWER_HEADER, await signViewerAssertion(context?.viewer ?? ANONYMOUS, this.assertionKeys));
    if (context?.requestId) options.request.http?.headers.set('x-request-id', context.requestId);
  }

  /**
   * Subgraphs answer HTTP 400 when a variable does not coerce (e.g. an unparsable DateTime: the
   * gateway cannot check custom scalars itself), and 403 when an API key lacks a scope. Surface
   * their error — message, code and details — instead of a bare "400: Bad Request", so the client
   * sees BAD_USER_INPUT naming the variable, or FORBIDDEN naming the scope.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: unknown } | undefined)?.body;
    const first = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | undefined)?.errors?.[0];
    if (typeof first?.message === 'string' && typeof first.extensions?.code === 'string') {
      // The subgraph's details stay (e.g. the API-key scope a request lacks); its HTTP status was for the gateway.
      const { http: _http, ...extensions } = first.extensions as Record<string, unknown>;
      return new GraphQLError(first.message, { extensions });
    }
    return error;
  }
}
