/** Subscription planning: validates subscriptions and plans them, and each of their events, against the supergraph. */
import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { GraphQLError, OperationTypeNode, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { SIGNED_IN_LIMITS, documentLimitErrors, sourceLimitError, type OperationLimits } from '../operation-limits.ts';
import { LRUCache } from 'lru-cache';

type OperationContext = ReturnType<typeof buildOperationContext>;

/** A validated subscription and its federation plan: the primary fetch opens the upstream stream. */
export interface PreparedSubscription {
  /** The subscription's text as the client sent it. */
  query: string;
  document: DocumentNode;
  operationContext: OperationContext;
  primary: FetchNode;
  /** Fetches that complete each event with fields owned by other subgraphs. */
  rest?: PlanNode;
}

export interface SubscriptionPlannerOptions {
  /**
   * How many distinct (document, operation name) plans to keep, a positive whole number; the
   * least recently used goes first. Default 1,000: clients send a handful of distinct subscriptions, so this only bounds
   * what a client sending ever-new documents can make the gateway hold.
   */
  cacheSize?: number;
  /** What one subscription may ask (subscribers are signed in): refused as OPERATION_LIMIT_EXCEEDED before it is planned. Default SIGNED_IN_LIMITS. */
  limits?: OperationLimits;
}

/** Whether `prepare` refused the operation (its errors) rather than planning it. */
export function isRefusal(prepared: PreparedSubscription | readonly GraphQLError[]): prepared is readonly GraphQLError[] {
  return Array.isArray(prepared);
}

/** Name of the in-memory "service" that hands each upstream event to the plan executor. */
export const EVENT_SOURCE = '__subscription_event__';

/**
 * Plans subscriptions against the supergraph the way @apollo/gateway plans queries, and turns
 * each upstream event into a query plan: `Sequence[the event as the primary fetch's result, rest]`.
 * Plans are cached per document and operation name (least recently used first out), so
 * subscribers of one query plan once.
 */
export class SubscriptionPlanner {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  /** The API schema as federation-internals models it (what executeQueryPlan takes). */
  readonly api: Schema;
  private readonly planner: QueryPlanner;
  private readonly cache: LRUCache<string, PreparedSubscription>;
  private readonly limits: OperationLimits;

  constructor(supergraphSdl: string, options: SubscriptionPlannerOptions = {}) {
    const cacheSize = options.cacheSize ?? 1_000;
    if (!Number.isSafeInteger(cacheSize) || cacheSize < 1)
      throw new RangeError(`cacheSize must be a positive whole number of plans; got ${cacheSize}`);
    this.cache = new LRUCache({ max: cacheSize });
    this.limits = options.limits ?? SIGNED_IN_LIMITS;
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

    const sizeError = sourceLimitError(query, this.limits);
    if (sizeError) return [sizeError];
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(this.apiSchema, document);
    if (errors.length) return errors;
    const limitErrors = documentLimitErrors(this.apiSchema, document, this.limits, { operationName: operationName ?? undefined });
    if (limitErrors.length) return limitErrors;
    const operationContext = buildOperationContext({
      schema: this.apiSchema,
      operationDocument: document,
      operationName: operationName ?? undefined,
    });
    if (operationContext.operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      return [
        new GraphQLError('Only subscriptions go over WebSocket or event streams here; send queries and mutations over HTTP POST', {
          extensions: { code: 'BAD_USER_INPUT' },
        }),
      ];
    }
    const plan: QueryPlan = this.planner.buildQueryPlan(
      operationFromDocument(this.api, document, { operationName: operationName ?? undefined }),
    );
    const node = plan.node;
    if (node?.kind !== 'Subscription') {
      return [new GraphQLError('This subscription has no field to subscribe to', { extensions: { code: 'BAD_USER_INPUT' } })];
    }
    const prepared = { query, document, operationContext, primary: node.primary, rest: node.rest };
    this.cache.set(key, prepared);
    return prepared;
  }

  /** The plan that completes one event: the event replaces the primary fetch's answer. */
  eventPlan(prepared: PreparedSubscription): QueryPlan {
    const eventFetch: FetchNode = { ...prepared.primary, serviceName: EVENT_SOURCE, operationKind: OperationTypeNode.QUERY };
    return {
      kind: 'QueryPlan',
      node: prepared.rest ? { kind: 'Sequence', nodes: [eventFetch, prepared.rest] } : eventFetch,
    };
  }
}
