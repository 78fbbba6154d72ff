import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { BaseContext } from './context.ts';

/**
 * What an API key may do in a subgraph, decided once per operation before it runs: a query needs
 * the key to hold `<domain>:read`, a mutation `<domain>:write` (the domain is the subgraph's
 * name). Federation fetches count too, so a key reading community posts with their authors' names
 * needs `identity:read` for those names. Requests of users pass untouched; their roles are checked
 * by the services.
 */
export function apiKeyScopesPlugin(domain: string): ApolloServerPlugin<BaseContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, contextValue }) {
          const key = contextValue.viewer.apiKey;
          if (!key || !operation) return Promise.resolve();
          const required = `${domain}:${operation.operation === OperationTypeNode.MUTATION ? 'write' : 'read'}`;
          if (!(key.scopes as readonly string[]).includes(required)) {
            throw new GraphQLError(`API key ${key.id} lacks the scope ${required} that this ${operation.operation} needs`, {
              extensions: { code: 'FORBIDDEN', requiredScope: required, apiKeyId: key.id, http: { status: 403 } },
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
