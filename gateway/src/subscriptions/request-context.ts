/**
 * The request context Apollo's plan executor and data sources expect, for requests the gateway
 * makes itself: completing a subscription event, re-checking a membership. Apollo Server builds
 * this context for HTTP requests; nothing builds it for these.
 */
import { createHash } from 'node:crypto';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
// The package root exports the request types but not this enum (apollographql/federation#2130);
// this is the module Apollo defines and uses it from.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { printSchema, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Logger } from '@plaza/subgraph-kit';
import type { GatewayContext } from '../viewer-context.ts';

export { GraphQLDataSourceRequestKind };

/** What `executeQueryPlan` takes and data sources receive as `incomingRequestContext`. */
export type GatewayRequestContext = Extract<
  GraphQLDataSourceProcessOptions<GatewayContext>,
  { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }
>['incomingRequestContext'];

type SchemaHash = GatewayRequestContext['schemaHash'];

export interface GatewayRequest {
  /** The operation's text, as received or written. */
  source: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  /** The schema `document` was validated against. */
  schema: GraphQLSchema;
  context: GatewayContext;
  logger: Logger;
}

// Neither the plan executor nor RemoteGraphQLDataSource reads the request cache; this one keeps
// nothing rather than growing with every event.
const noCache: GatewayRequestContext['cache'] = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function gatewayRequestContext(request: GatewayRequest): GatewayRequestContext {
  return {
    request: { query: request.source, operationName: request.operation.name?.value, variables: request.variables },
    context: request.context,
    logger: request.logger,
    schema: request.schema,
    schemaHash: schemaHashOf(request.schema),
    cache: noCache,
    queryHash: sha256(request.source),
    document: request.document,
    source: request.source,
    operationName: request.operation.name?.value ?? null,
    operation: request.operation,
    metrics: {},
    // Unset, so RemoteGraphQLDataSource reports no subgraph's cache hint into one shared policy;
    // SharedFetches hands each fetch a policy of its own to read that fetch's hint.
    overallCachePolicy: undefined,
  };
}

const schemaHashes = new WeakMap<GraphQLSchema, SchemaHash>();

/**
 * `schemaHash` is a branded string (`string & { __fauxpaque }`) that only Apollo Server mints
 * and for which it exports no function: this is the one cast needed to build a request context
 * outside it. Computed once per schema (a supergraph update makes a new one).
 */
function schemaHashOf(schema: GraphQLSchema): SchemaHash {
  let hash = schemaHashes.get(schema);
  if (!hash) {
    hash = sha256(printSchema(schema)) as SchemaHash;
    schemaHashes.set(schema, hash);
  }
  return hash;
}
