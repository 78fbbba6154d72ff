import type { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  getOperationAST,
  Kind,
  OperationTypeNode,
  parse,
  type DocumentNode,
  type GraphQLFormattedError,
  type SelectionSetNode,
} from 'graphql';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import makeFetchHappen from 'make-fetch-happen';
import type { SigningKeys } from '@plaza/auth';
import { KEEP_ALIVE_TIMEOUT_MS, type Logger, type SubgraphFetchOutcome } from '@plaza/subgraph-kit';
import { GraphQLDataSourceRequestKind } from './subscriptions/request-context.ts';
import { ViewerForwardingDataSource } from './viewer-data-source.ts';
import type { GatewayContext } from './viewer-context.ts';

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type IncomingOperation = Extract<ProcessOptions, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>;
type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** Default of PLAZA_SUBGRAPH_TIMEOUT_MS. */
const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

/**
 * Apollo's default fetcher keeps an idle connection until one second before the server's
 * `Keep-Alive: timeout` hint (Node's agent), a margin a busy event loop eats: the subgraph may
 * close a connection the gateway is reusing at that very moment (ECONNRESET, "socket hang up").
 * The gateway closes its idle connections 5 s before the subgraphs' 65 s.
 */
const IDLE_SOCKET_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS - 5_000;

export interface SubgraphDataSourceOptions {
  /** The subgraph's name in supergraph.yaml: clients see it in SUBGRAPH_UNAVAILABLE errors. */
  name: string;
  url: string;
  assertionKeys: SigningKeys;
  /** Longest a fetch may take, answer body included, before it fails as timed out. Default 10,000 ms. */
  timeoutMs?: number;
  /**
   * How long a connection to the subgraph may sit idle before the gateway closes it. Default
   * IDLE_SOCKET_TIMEOUT_MS, below the subgraphs' keep-alive timeout: the gateway always closes an
   * idle connection before the subgraph does, so it never sends a request on one being closed.
   */
  idleSocketTimeoutMs?: number;
  log: Logger;
  onFetch?: () => void;
  /** Told when a client operation's fetch ends: its time and the codes of the errors it answered (metrics). */
  onFetchSettled?: (outcome: SubgraphFetchOutcome) => void;
}

/** Why a fetch never produced a GraphQL answer: the subgraph is down, unreachable or too slow. */
function unavailabilityOf(error: unknown, timeoutMs: number): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code, type, extensions } = error as { name?: unknown; code?: unknown; type?: unknown; extensions?: unknown };
  if (name === 'AbortError' || type === 'aborted' || type === 'request-timeout') return `timed out after ${timeoutMs} ms`;
  const status = (extensions as { response?: { status?: unknown } } | undefined)?.response?.status;
  // A proxy or load balancer in front of the subgraph answering for it.
  if (status === 502 || status === 503 || status === 504) return `answered HTTP ${status}`;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
    case 'ECONNABORTED':
      return 'connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return type === 'system' ? 'network error' : undefined;
  }
}

/**
 * A reset of a connection the client believed open: the server closed an idle keep-alive socket
 * just as a request went out on it. The request never reached a resolver, so a query is safe to
 * send again; a mutation is not (the reset may also have come after it ran).
 */
function isConnectionReset(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'ECONNRESET' || code === 'EPIPE' || (typeof message === 'string' && message.includes('socket hang up'));
}

function operationTypeOf(document: DocumentNode | undefined, operationName: string | undefined) {
  return document ? getOperationAST(document, operationName)?.operation : undefined;
}

/** Response keys of a selection set, inline fragments flattened (the fields a fetch was to fill). */
function responseKeysOf(selectionSet: SelectionSetNode | undefined): string[] {
  const keys = new Set<string>();
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      for (const key of responseKeysOf(selection.selectionSet)) keys.add(key);
    }
  }
  return [...keys];
}

/**
 * The errors of a fetch that failed as a whole, one per field it was to fill, each with the
 * path @apollo/gateway maps into the client's response: `[field]` for root fields, and
 * `['_entities', index, field]` for entity fetches (the gateway turns the index into the
 * entity's place in the response).
 */
function unavailableErrors(
  document: DocumentNode | undefined,
  operationName: string | undefined,
  representations: number,
  error: Omit<GraphQLFormattedError, 'path'>,
): GraphQLFormattedError[] {
  const operation = document ? getOperationAST(document, operationName) : undefined;
  const rootKeys = responseKeysOf(operation?.selectionSet);
  if (rootKeys.length === 1 && rootKeys[0] === '_entities' && representations > 0) {
    const entitiesField = operation!.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
    const fields = responseKeysOf(entitiesField?.kind === Kind.FIELD ? entitiesField.selectionSet : undefined);
    return Array.from({ length: representations }, (_, index) =>
      (fields.length ? fields : [undefined]).map((field) => ({ ...error, path: ['_entities', index, ...(field ? [field] : [])] })),
    ).flat();
  }
  if (rootKeys.length === 0) return [error];
  return rootKeys.map((key) => ({ ...error, path: [key] }));
}

/**
 * The data source of one subgraph for client operations. On top of viewer forwarding:
 * - a fetch that cannot reach the subgraph, or times out, does not fail the whole operation
 *   with an anonymous INTERNAL_SERVER_ERROR: it answers errors with code SUBGRAPH_UNAVAILABLE,
 *   the subgraph's name and the path of each field it was to fill, so the rest of the response
 *   (other subgraphs' data) still arrives;
 * - a query whose connection was reset is sent once more (never a mutation).
 */
export class SubgraphDataSource extends ViewerForwardingDataSource {
  readonly name: string;
  private readonly timeoutMs: number;
  private readonly log: Logger;
  private readonly onFetchSettled?: (outcome: SubgraphFetchOutcome) => void;

  constructor(options: SubgraphDataSourceOptions) {
    super(options.url, options.assertionKeys, options.onFetch);
    this.name = options.name;
    this.onFetchSettled = options.onFetchSettled;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS;
    this.log = options.log;
    const agentOptions = { keepAlive: true, timeout: options.idleSocketTimeoutMs ?? IDLE_SOCKET_TIMEOUT_MS };
    // The agent's timeout closes sockets idle in its pool; make-fetch-happen uses the agent as given.
    const agent = new URL(options.url).protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    const send: typeof this.fetcher = makeFetchHappen.defaults({ agent, retry: false });
    const timeoutMs = this.timeoutMs;
    // The whole exchange, answer body included, has one deadline: the gateway's own idle-socket
    // timeout would let a subgraph that trickles its answer hold a client indefinitely.
    this.fetcher = (url, init) => send(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  }

  override async process(options: ProcessOptions): Promise<SubgraphResponse> {
    // Composition and health checks keep failing loudly: only client operations answer in part.
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return super.process(options);
    const startedAt = performance.now();
    // A fetch that throws reaches the client as an error without a code of the subgraph's.
    let errorCodes: unknown[] = [undefined];
    try {
      const response = await this.processOperation(options);
      errorCodes = (response.errors ?? []).map((error) => error.extensions?.code);
      return response;
    } finally {
      this.onFetchSettled?.({ seconds: (performance.now() - startedAt) / 1000, errorCodes });
    }
  }

  private async processOperation(options: IncomingOperation): Promise<SubgraphResponse> {
    // @apollo/gateway passes the fetch's parsed operation only with some options: parse it then.
    const document = options.document ?? (options.request.query ? parse(options.request.query) : undefined);
    const operationName = options.request.operationName ?? undefined;
    try {
      return await super.process(options);
    } catch (error) {
      if (isConnectionReset(error) && operationTypeOf(document, operationName) === OperationTypeNode.QUERY) {
        this.log.warn({ err: error, subgraph: this.name }, 'connection reset; sending the query once more');
        try {
          return await super.process(options);
        } catch (retryError) {
          return this.unavailable(retryError, options, document);
        }
      }
      return this.unavailable(error, options, document);
    }
  }

  private unavailable(error: unknown, options: IncomingOperation, document: DocumentNode | undefined): SubgraphResponse {
    const reason = unavailabilityOf(error, this.timeoutMs);
    if (!reason) throw error;
    this.log.warn({ err: error, subgraph: this.name, reason }, 'subgraph unavailable');
    const representations: unknown = options.request.variables?.representations;
    return {
      errors: unavailableErrors(
        document,
        options.request.operationName ?? undefined,
        Array.isArray(representations) ? representations.length : 0,
        {
          message: `The ${this.name} service is unavailable (${reason})`,
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: this.name },
        },
      ),
    };
  }
}
