/**
 * Per-event completion: runs the federation plan for one upstream event, so a subscription can
 * select fields that other subgraphs own (the event stands in for the primary fetch's answer).
 */
import { executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from '@plaza/subgraph-kit';
import type { GatewayContext } from '../viewer-context.ts';
import { gatewayRequestContext } from './request-context.ts';
import type { StreamRequest } from './stream-registry.ts';
import { EVENT_SOURCE, type SubscriptionPlanner } from './subscription-planner.ts';
import type { UpstreamEvent } from './upstream.ts';

export interface EventExecutorOptions {
  /** Subgraphs by name, as the plan's follow-up fetches reach them. */
  dataSources: Record<string, GraphQLDataSource<GatewayContext>>;
  /** The planner of the supergraph in force now (undefined before the first). */
  planner(): SubscriptionPlanner | undefined;
  log: Logger;
}

export class EventExecutor {
  constructor(private readonly options: EventExecutorOptions) {}

  async complete({ prepared, variables, context }: StreamRequest, event: UpstreamEvent): Promise<ExecutionResult> {
    // An event without data (the subgraph refused or failed) has nothing to complete.
    if (!event.data)
      return { errors: (event.errors ?? []).map((error) => new GraphQLError(error.message, { extensions: error.extensions })) };
    const planner = this.options.planner();
    if (!planner)
      return { errors: [new GraphQLError('The gateway has no supergraph yet', { extensions: { code: 'SERVICE_UNAVAILABLE' } })] };

    const eventSource: GraphQLDataSource = { process: async () => ({ data: event.data, errors: event.errors }) };
    const requestContext = gatewayRequestContext({
      source: prepared.query,
      document: prepared.document,
      operation: prepared.operationContext.operation,
      variables,
      schema: planner.apiSchema,
      context,
      logger: this.options.log,
    });
    return executeQueryPlan(
      planner.eventPlan(prepared),
      { ...this.options.dataSources, [EVENT_SOURCE]: eventSource },
      requestContext,
      prepared.operationContext,
      planner.supergraphSchema,
      planner.api,
    );
  }
}
