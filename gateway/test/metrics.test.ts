import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, sharedTestStack, testConfig, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

const ME = graphql(`
  query MetricsMe {
    me {
      name
    }
  }
`);
const CREATE_ORGANIZATION_ANONYMOUSLY = graphql(`
  mutation MetricsCreateOrganizationAnonymously {
    createOrganization(input: { name: "Refused" }) {
      token
    }
  }
`);

/** A scrape: each series as its name and labels, with its value. */
type Scrape = { name: string; labels: Record<string, string>; value: number }[];

async function scrape(serverUrl: string): Promise<Scrape> {
  const response = await fetch(new URL('/metrics', serverUrl));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return (await response.text()).split('\n').flatMap((line) => {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key!, value!]));
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

/** Sum of the series of `name` that carry every label given. */
function valueOf(samples: Scrape, name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

const seriesOf = (samples: Scrape, name: string) => samples.filter((sample) => sample.name === name);

describe('metrics', () => {
  it('counts operations, errors by code and subgraph fetches on the gateway and on the subgraph that served them', async () => {
    const owner = await stack.createOrganization();
    const identityUrl = stack.running.subgraphs.identity!.server.url;
    const gatewayBefore = await scrape(stack.url);
    const identityBefore = await scrape(identityUrl);

    expectData(await owner.request(ME));
    expectData(await owner.request(ME));
    const refused = await stack.anonymous.request(CREATE_ORGANIZATION_ANONYMOUSLY);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const gateway = await scrape(stack.url);
    const me = { operation_name: 'MetricsMe', operation_type: 'query', service: 'gateway' };
    expect(valueOf(gateway, 'graphql_requests_total', me)).toBe(2);
    expect(valueOf(gateway, 'graphql_request_duration_seconds_count', me)).toBe(2);
    expect(valueOf(gateway, 'graphql_request_duration_seconds_bucket', { ...me, le: '+Inf' })).toBe(2);
    expect(
      valueOf(gateway, 'graphql_errors_total', { operation_name: 'MetricsCreateOrganizationAnonymously', code: 'UNAUTHENTICATED' }),
    ).toBe(1);
    const identityFetches = (samples: Scrape) => valueOf(samples, 'graphql_subgraph_fetches_total', { subgraph: 'identity' });
    expect(identityFetches(gateway) - identityFetches(gatewayBefore)).toBeGreaterThanOrEqual(3);
    const identityErrors = (samples: Scrape) =>
      valueOf(samples, 'graphql_subgraph_fetch_errors_total', { subgraph: 'identity', code: 'UNAUTHENTICATED' });
    expect(identityErrors(gateway) - identityErrors(gatewayBefore)).toBe(1);
    expect(seriesOf(gateway, 'graphql_subscriptions_open').map((sample) => sample.labels.kind)).toEqual(['client', 'upstream']);

    // Identity saw the gateway's fetches: operation names derived from the client's, per plan step.
    const identity = await scrape(identityUrl);
    const identityRequests = (samples: Scrape) =>
      seriesOf(samples, 'graphql_requests_total')
        .filter((sample) => sample.labels.operation_name?.startsWith('MetricsMe') && sample.labels.service === 'identity')
        .reduce((sum, sample) => sum + sample.value, 0);
    expect(identityRequests(identity) - identityRequests(identityBefore)).toBe(2);
    expect(seriesOf(identity, 'plaza_outbox_pending_events').map((sample) => sample.labels)).toEqual([
      { subgraph: 'identity', service: 'identity' },
    ]);
    const pool = seriesOf(identity, 'plaza_db_pool_connections');
    if (testConfig().databases.kind === 'postgres') {
      expect(pool.map((sample) => sample.labels.state).sort()).toEqual(['idle', 'total', 'waiting']);
      expect(valueOf(identity, 'plaza_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    } else {
      // PGlite is one in-process connection: there is no pool to report.
      expect(pool).toEqual([]);
    }
  });

  it('reports the consumer lag of each subgraph that reads the event bus', async () => {
    const consumer = Object.values(stack.running.subgraphs).find((running) => running.entry.consumerGroup);
    if (!consumer) return;
    const samples = await scrape(consumer.server.url);
    const group = consumer.entry.consumerGroup!;
    expect(
      seriesOf(samples, 'plaza_event_consumer_lag')
        .map((sample) => sample.labels)
        .sort((a, b) => a.state!.localeCompare(b.state!)),
    ).toEqual([
      { group, state: 'pending', service: consumer.entry.name },
      { group, state: 'undelivered', service: consumer.entry.name },
    ]);
  });
});
