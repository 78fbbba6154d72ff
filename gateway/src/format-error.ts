import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '@plaza/subgraph-kit';

/**
 * Subgraphs already map their errors to stable codes and mask their internals, so the gateway
 * passes those through unchanged. What it masks is its own unexpected failures (and errors
 * with no code), which may name internal hosts.
 */
export function createGatewayErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Clients never learn which subgraph answered: serviceName stays in the logs.
    const { stacktrace: _stacktrace, serviceName: _serviceName, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const code = extensions.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return { ...formatted, extensions };
    if (formatted.message !== 'Internal server error') log.error({ err: error, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
