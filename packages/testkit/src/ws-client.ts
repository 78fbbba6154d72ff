import { createClient, type Client, type FormattedExecutionResult as ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { TypedDocument } from './client.ts';

/** A graphql-ws client for tests: connects at once, never retries, sends the token in connection_init. */
export function createWsClient(httpUrl: string, token?: string, onClose?: (event: { code: number; reason: string }) => void): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: { closed: (event) => onClose?.(event as { code: number; reason: string }) },
  });
}

export interface TestSubscription<Data> {
  /** Resolves with the next result (waits up to `timeoutMs`). */
  next(timeoutMs?: number): Promise<ExecutionResult<Data, unknown>>;
  /** Every result received so far. */
  results: ExecutionResult<Data, unknown>[];
  /** Resolves when the server completes the subscription, or rejects with its error. */
  done: Promise<void>;
  close(): void;
}

/** What `subscribe` needs of a client: graphql-ws's and graphql-sse's clients both fit. */
export interface SubscribingClient {
  subscribe<Data>(
    request: { query: string; variables?: Record<string, unknown> },
    sink: { next(result: ExecutionResult<Data, unknown>): void; error(error: unknown): void; complete(): void },
  ): () => void;
}

/** Subscribes and buffers results, so a test can publish first and read afterwards. */
export function subscribe<Data, Variables>(
  client: SubscribingClient,
  document: TypedDocument<Data, Variables>,
  variables?: Variables,
): TestSubscription<Data> {
  const results: ExecutionResult<Data, unknown>[] = [];
  const waiters: ((result: ExecutionResult<Data, unknown>) => void)[] = [];
  let read = 0;
  let resolveDone!: () => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => {});
  const unsubscribe = client.subscribe<Data>(
    { query: document.toString(), variables: variables as Record<string, unknown> | undefined },
    {
      next: (result) => {
        results.push(result);
        waiters.shift()?.(result);
      },
      error: (error) => rejectDone(error),
      complete: () => resolveDone(),
    },
  );
  return {
    results,
    done,
    close: unsubscribe,
    next(timeoutMs = 10_000) {
      if (read < results.length) return Promise.resolve(results[read++]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no subscription result within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((result) => {
          clearTimeout(timer);
          read++;
          resolve(result);
        });
        done.catch(reject);
      });
    },
  };
}
