import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { buildOperationContext, type ServiceMap } from '@apollo/gateway';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan, type SubscriptionNode } from '@apollo/query-planner';
import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

type OperationContext = ReturnType<typeof buildOperationContext>;

/** A validated subscription and its federation plan: the primary fetch opens the upstream stream. */
export interface PreparedSubscription {
  document: DocumentNode;
  operationContext: OperationContext;
  primary: FetchNode;
  /** Fetches that complete each event with fields owned by other subgraphs. */
  rest?: PlanNode;
}

/** Name of the in-memory "service" that hands each upstream event to the plan executor. */
export const EVENT_SOURCE = '__subscription_event__';

/**
 * Plans subscriptions against the supergraph the way @apollo/gateway plans queries, and turns
 * each upstream event into a query plan: `Sequence[the event as the primary fetch's result, rest]`.
 * Plans are cached per document and operation name, so subscribers of one query plan once.
 */
export class SubscriptionPlanner {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  /** The API schema as federation-internals models it (what executeQueryPlan takes). */
  readonly api: Schema;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, PreparedSubscription>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.api = supergraph.apiSchema();
    this.apiSchema = this.api.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  /** Validates and plans; returns GraphQL errors for anything that is not a valid subscription. */
  prepare(query: string, operationName?: string | null): PreparedSubscription | readonly GraphQLError[] {
    const key = `${operationName ?? ''}\n${query}`;
    const cached = this.cache.get(key);
    if (cached) return cached;

    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(this.apiSchema, document);
    if (errors.length) return errors;
    const operationContext = buildOperationContext({ schema: this.apiSchema, operationDocument: document, operationName: operationName ?? undefined });
    if (operationContext.operation.operation !== 'subscription') {
      return [new GraphQLError('Only subscriptions go over WebSocket or event streams here; send queries and mutations over HTTP POST', { extensions: { code: 'BAD_USER_INPUT' } })];
    }
    const plan: QueryPlan = this.planner.buildQueryPlan(operationFromDocument(this.api, document, { operationName: operationName ?? undefined }));
    const node = plan.node as SubscriptionNode | undefined;
    if (node?.kind !== 'Subscription') {
      return [new GraphQLError('This subscription has no field to subscribe to', { extensions: { code: 'BAD_USER_INPUT' } })];
    }
    const prepared = { document, operationContext, primary: node.primary, rest: node.rest };
    if (this.cache.size > 1_000) this.cache.clear();
    this.cache.set(key, prepared);
    return prepared;
  }

  /** The plan that completes one event: the event replaces the primary fetch's answer. */
  eventPlan(prepared: PreparedSubscription): QueryPlan {
    const eventFetch: FetchNode = { ...prepared.primary, serviceName: EVENT_SOURCE, operationKind: 'query' as FetchNode['operationKind'] };
    return {
      kind: 'QueryPlan',
      node: prepared.rest ? { kind: 'Sequence', nodes: [eventFetch, prepared.rest] } : eventFetch,
    };
  }
}

export type { ServiceMap };
