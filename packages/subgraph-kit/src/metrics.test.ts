import type { GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_OPERATION,
  OTHER_OPERATION,
  OperationNameLabels,
  ServiceMetrics,
  UNRECOGNISED_CODE,
  UNRESOLVED_OPERATION,
  errorCodeLabel,
} from './metrics.ts';

/** The value of one series of a metric, found by its labels. */
async function valueOf(
  metrics: ServiceMetrics,
  name: string,
  labels: Record<string, string>,
  seriesName = name,
): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const series = metric?.values.find(
    (value) =>
      ('metricName' in value ? value.metricName : name) === seriesName &&
      Object.entries(labels).every(([key, label]) => value.labels[key] === label),
  );
  return series?.value;
}

/** Runs one request through the plugin's hooks as Apollo Server calls them. */
async function runRequest(
  metrics: ServiceMetrics,
  operation: { name?: string; type: OperationTypeNode } | undefined,
  errors: GraphQLError[] = [],
): Promise<void> {
  const listener = (await metrics.plugin().requestDidStart!({} as never)) as GraphQLRequestListener<never>;
  if (operation) {
    await listener.didResolveOperation!({ operationName: operation.name ?? null, operation: { operation: operation.type } } as never);
  }
  if (errors.length) await listener.didEncounterErrors!({ errors } as never);
  await listener.willSendResponse!({} as never);
}

describe('OperationNameLabels', () => {
  it('keeps names until the cap, then labels new ones as other; anonymous has its own label', () => {
    const labels = new OperationNameLabels(2);
    expect(labels.labelOf('Feed')).toBe('Feed');
    expect(labels.labelOf('Me')).toBe('Me');
    expect(labels.labelOf('Third')).toBe(OTHER_OPERATION);
    expect(labels.labelOf('Feed')).toBe('Feed');
    expect(labels.labelOf(undefined)).toBe(ANONYMOUS_OPERATION);
    expect(labels.labelOf('')).toBe(ANONYMOUS_OPERATION);
  });

  it('does not spend the cap on names too long to be real', () => {
    const labels = new OperationNameLabels(1);
    expect(labels.labelOf('x'.repeat(101))).toBe(OTHER_OPERATION);
    expect(labels.labelOf('Feed')).toBe('Feed');
  });
});

describe('errorCodeLabel', () => {
  it('keeps codes, names uncoded errors as clients see them, and refuses what is no code', () => {
    expect(errorCodeLabel('BAD_USER_INPUT')).toBe('BAD_USER_INPUT');
    expect(errorCodeLabel(undefined)).toBe('INTERNAL_SERVER_ERROR');
    expect(errorCodeLabel('user 42 not found')).toBe(UNRECOGNISED_CODE);
    expect(errorCodeLabel(42)).toBe(UNRECOGNISED_CODE);
  });
});

describe('ServiceMetrics', () => {
  it('counts requests, latency and errors per operation name, type and code', async () => {
    const metrics = new ServiceMetrics('test');
    await runRequest(metrics, { name: 'Feed', type: OperationTypeNode.QUERY });
    await runRequest(metrics, { name: 'Feed', type: OperationTypeNode.QUERY }, [
      new GraphQLError('no', { extensions: { code: 'FORBIDDEN' } }),
      new GraphQLError('boom'),
    ]);
    await runRequest(metrics, { type: OperationTypeNode.MUTATION });
    await runRequest(metrics, undefined, [new GraphQLError('Syntax Error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);

    expect(await valueOf(metrics, 'graphql_requests_total', { operation_name: 'Feed', operation_type: 'query' })).toBe(2);
    expect(await valueOf(metrics, 'graphql_requests_total', { operation_name: ANONYMOUS_OPERATION, operation_type: 'mutation' })).toBe(1);
    expect(await valueOf(metrics, 'graphql_requests_total', { operation_name: UNRESOLVED_OPERATION, operation_type: 'unknown' })).toBe(1);
    expect(await valueOf(metrics, 'graphql_errors_total', { operation_name: 'Feed', code: 'FORBIDDEN' })).toBe(1);
    expect(await valueOf(metrics, 'graphql_errors_total', { operation_name: 'Feed', code: 'INTERNAL_SERVER_ERROR' })).toBe(1);
    expect(await valueOf(metrics, 'graphql_errors_total', { operation_name: UNRESOLVED_OPERATION, code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    const durations = { operation_name: 'Feed', operation_type: 'query' };
    expect(await valueOf(metrics, 'graphql_request_duration_seconds', durations, 'graphql_request_duration_seconds_count')).toBe(2);
  });

  it('records subgraph fetches with their error codes', async () => {
    const metrics = new ServiceMetrics('gateway');
    metrics.observeSubgraphFetch('identity', { seconds: 0.01, errorCodes: [] });
    metrics.observeSubgraphFetch('identity', { seconds: 0.02, errorCodes: ['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE'] });
    expect(await valueOf(metrics, 'graphql_subgraph_fetches_total', { subgraph: 'identity' })).toBe(2);
    expect(await valueOf(metrics, 'graphql_subgraph_fetch_errors_total', { subgraph: 'identity', code: 'SUBGRAPH_UNAVAILABLE' })).toBe(2);
    const fetchDuration = 'graphql_subgraph_fetch_duration_seconds';
    expect(await valueOf(metrics, fetchDuration, { subgraph: 'identity' }, `${fetchDuration}_count`)).toBe(2);
  });

  it('reads subscriptions and backlogs at scrape time, and leaves out a backlog it cannot read', async () => {
    const metrics = new ServiceMetrics('community');
    let open = 3;
    let outboxDown = false;
    metrics.trackSubscriptions({ client: () => open });
    metrics.trackBacklogs({
      outboxPending: async () => {
        if (outboxDown) throw new Error('database down');
        return 7;
      },
      consumerLag: { group: 'community', read: async () => ({ pending: 1, undelivered: 4 }) },
      databasePool: () => ({ total: 5, idle: 3, waiting: 0 }),
    });
    expect(await valueOf(metrics, 'graphql_subscriptions_open', { kind: 'client' })).toBe(3);
    expect(await valueOf(metrics, 'plaza_outbox_pending_events', { subgraph: 'community' })).toBe(7);
    expect(await valueOf(metrics, 'plaza_event_consumer_lag', { group: 'community', state: 'undelivered' })).toBe(4);
    expect(await valueOf(metrics, 'plaza_db_pool_connections', { state: 'idle' })).toBe(3);
    open = 0;
    outboxDown = true;
    expect(await valueOf(metrics, 'graphql_subscriptions_open', { kind: 'client' })).toBe(0);
    expect(await valueOf(metrics, 'plaza_outbox_pending_events', { subgraph: 'community' })).toBeUndefined();
  });

  it('has no pool gauge where the database has no pool (PGlite)', async () => {
    const metrics = new ServiceMetrics('crm');
    metrics.trackBacklogs({ databasePool: () => undefined });
    expect(metrics.registry.getSingleMetric('plaza_db_pool_connections')).toBeUndefined();
  });

  it('keeps each server in its own registry', async () => {
    const gateway = new ServiceMetrics('gateway');
    const identity = new ServiceMetrics('identity');
    await runRequest(gateway, { name: 'Me', type: OperationTypeNode.QUERY });
    expect(await valueOf(gateway, 'graphql_requests_total', { operation_name: 'Me' })).toBe(1);
    expect(await valueOf(identity, 'graphql_requests_total', { operation_name: 'Me' })).toBeUndefined();
  });
});
