import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DatabasePoolUse } from '@plaza/db';
import type { ConsumerLag } from '@plaza/events';

/** Operation-name label of an operation sent without a name. */
export const ANONYMOUS_OPERATION = '(anonymous)';
/** Operation-name label once the process has labelled MAX_OPERATION_NAMES names, or for a name too long to be a real one. */
export const OTHER_OPERATION = '(other)';
/** Operation-name label of a request refused before its operation was known (unparsable, invalid). */
export const UNRESOLVED_OPERATION = '(unresolved)';
/** Operation-type label of such a request. */
const UNRESOLVED_TYPE = 'unknown';

/**
 * Distinct operation names one process labels. Names come from clients, so each one is a new
 * time series: past this many, further names share OTHER_OPERATION and the series stay bounded.
 */
const MAX_OPERATION_NAMES = 200;
const MAX_OPERATION_NAME_LENGTH = 100;

/** Error codes are written by servers, not clients; anything that does not look like one is counted apart. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const UNCODED_ERROR = 'INTERNAL_SERVER_ERROR';
export const UNRECOGNISED_CODE = 'OTHER';

/** Latency buckets in seconds, from a cached lookup to the gateway's default subgraph timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Maps client-chosen operation names onto a bounded set of label values. */
export class OperationNameLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  labelOf(name: string | null | undefined): string {
    if (!name) return ANONYMOUS_OPERATION;
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max || name.length > MAX_OPERATION_NAME_LENGTH) return OTHER_OPERATION;
    this.seen.add(name);
    return name;
  }
}

/** The label of an error's `extensions.code`: errors without one are what clients see as INTERNAL_SERVER_ERROR. */
export function errorCodeLabel(code: unknown): string {
  if (code === undefined || code === null) return UNCODED_ERROR;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : UNRECOGNISED_CODE;
}

/** The outcome of one gateway fetch to a subgraph. */
export interface SubgraphFetchOutcome {
  seconds: number;
  /** `extensions.code` of each error in the subgraph's answer (SUBGRAPH_UNAVAILABLE when it gave none). */
  errorCodes: readonly unknown[];
}

/** What a subgraph reports about its backlogs and database, where it has them. */
export interface BacklogSources {
  /** Domain events recorded in the outbox and not yet accepted by the bus. */
  outboxPending?: () => Promise<number>;
  /** The backlog of the consumer group the subgraph reads the bus as. */
  consumerLag?: { group: string; read(): Promise<ConsumerLag> };
  /** Connections of the PostgreSQL pool; undefined on PGlite, which has no pool. */
  databasePool?: () => DatabasePoolUse | undefined;
}

/**
 * The Prometheus metrics of one server (the gateway or one subgraph), in a registry of its own:
 * the one-process stack runs several of them side by side, each with its own `/metrics`.
 * Every series carries `service`; no label holds a user, an organization or an id.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new OperationNameLabels();
  private readonly requests: Counter<'operation_name' | 'operation_type'>;
  private readonly requestDuration: Histogram<'operation_name' | 'operation_type'>;
  private readonly errors: Counter<'operation_name' | 'code'>;
  private subgraphFetchMetrics?: {
    fetches: Counter<'subgraph'>;
    duration: Histogram<'subgraph'>;
    errors: Counter<'subgraph' | 'code'>;
  };

  constructor(private readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and type',
      labelNames: ['operation_name', 'operation_type'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to sending its answer, by operation name and type',
      labelNames: ['operation_name', 'operation_type'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in GraphQL answers, by operation name and extensions.code',
      labelNames: ['operation_name', 'code'],
      registers,
    });
  }

  /** Counts every operation Apollo Server answers: requests, latency and errors by code. */
  plugin(): ApolloServerPlugin {
    const { operationNames, requests, requestDuration, errors } = this;
    return {
      async requestDidStart() {
        const startedAt = performance.now();
        let labels = { operation_name: UNRESOLVED_OPERATION, operation_type: UNRESOLVED_TYPE };
        return {
          async didResolveOperation({ operationName, operation }) {
            labels = { operation_name: operationNames.labelOf(operationName), operation_type: operation?.operation ?? UNRESOLVED_TYPE };
          },
          async didEncounterErrors({ errors: encountered }) {
            for (const error of encountered) {
              errors.inc({ operation_name: labels.operation_name, code: errorCodeLabel(error.extensions?.code) });
            }
          },
          async willSendResponse() {
            requests.inc(labels);
            requestDuration.observe(labels, (performance.now() - startedAt) / 1000);
          },
        };
      },
    };
  }

  /** Records one gateway fetch to a subgraph (the gateway's data sources call it). */
  observeSubgraphFetch(subgraph: string, outcome: SubgraphFetchOutcome): void {
    this.subgraphFetchMetrics ??= {
      fetches: new Counter({
        name: 'graphql_subgraph_fetches_total',
        help: 'Fetches the gateway sent to a subgraph for client queries and mutations',
        labelNames: ['subgraph'],
        registers: [this.registry],
      }),
      duration: new Histogram({
        name: 'graphql_subgraph_fetch_duration_seconds',
        help: 'Time of one gateway fetch to a subgraph, answer included',
        labelNames: ['subgraph'],
        buckets: LATENCY_BUCKETS,
        registers: [this.registry],
      }),
      errors: new Counter({
        name: 'graphql_subgraph_fetch_errors_total',
        help: 'Errors in subgraph answers to the gateway, by subgraph and extensions.code',
        labelNames: ['subgraph', 'code'],
        registers: [this.registry],
      }),
    };
    const { fetches, duration, errors } = this.subgraphFetchMetrics;
    fetches.inc({ subgraph });
    duration.observe({ subgraph }, outcome.seconds);
    for (const code of outcome.errorCodes) errors.inc({ subgraph, code: errorCodeLabel(code) });
  }

  /** Reports open subscriptions per kind (the gateway: `client` and `upstream`; a subgraph: `client`). */
  trackSubscriptions(counts: Record<string, () => number>): void {
    new Gauge({
      name: 'graphql_subscriptions_open',
      help: 'Subscriptions open now: client (from clients of this server), upstream (from the gateway to subgraphs)',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        for (const [kind, count] of Object.entries(counts)) this.set({ kind }, count());
      },
    });
  }

  /** Reports a subgraph's outbox backlog, consumer lag and database pool, each where it has one. */
  trackBacklogs(sources: BacklogSources): void {
    const registers = [this.registry];
    const { outboxPending, consumerLag, databasePool } = sources;
    const subgraph = this.service;
    if (outboxPending) {
      new Gauge({
        name: 'plaza_outbox_pending_events',
        help: 'Domain events recorded in the outbox of the subgraph and not yet accepted by the event bus',
        // Labelled so that a backlog that cannot be read drops out, where a label-less gauge would read 0.
        labelNames: ['subgraph'],
        registers,
        async collect() {
          await readOrForget(this, async () => this.set({ subgraph }, await outboxPending()));
        },
      });
    }
    if (consumerLag) {
      new Gauge({
        name: 'plaza_event_consumer_lag',
        help: 'Events of the consumer group on the bus: pending (delivered, not acknowledged) and undelivered',
        labelNames: ['group', 'state'],
        registers,
        async collect() {
          await readOrForget(this, async () => {
            const lag = await consumerLag.read();
            this.set({ group: consumerLag.group, state: 'pending' }, lag.pending);
            this.set({ group: consumerLag.group, state: 'undelivered' }, lag.undelivered);
          });
        },
      });
    }
    if (databasePool?.()) {
      new Gauge({
        name: 'plaza_db_pool_connections',
        help: 'PostgreSQL pool: connections open (total), idle, and requests waiting for one',
        labelNames: ['state'],
        registers,
        collect() {
          const use = databasePool();
          if (!use) return this.reset();
          this.set({ state: 'total' }, use.total);
          this.set({ state: 'idle' }, use.idle);
          this.set({ state: 'waiting' }, use.waiting);
        },
      });
    }
  }

  /** `GET /metrics`: the registry in Prometheus's text format. */
  handler(): RequestHandler {
    return async (_req, res, next) => {
      try {
        const body = await this.registry.metrics();
        res.type(this.registry.contentType).send(body);
      } catch (error) {
        next(error);
      }
    };
  }
}

/**
 * A backlog that cannot be read now (its database or broker is down) is left out of the scrape
 * rather than reported with a stale value or failing the whole scrape.
 */
async function readOrForget(gauge: Gauge, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch {
    gauge.reset();
  }
}
