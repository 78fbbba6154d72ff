import { createClient, type Client } from 'graphql-sse';
import type { TypedDocument } from './client.ts';
import { subscribe, type TestSubscription } from './ws-client.ts';

/**
 * A graphql-sse client for tests: one event stream per subscription ("distinct connections"
 * mode), never retries, sends the token as `Authorization: Bearer`. A refused stream fails the
 * subscription with a NetworkError whose `response` holds the HTTP status.
 */
export function createSseClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: httpUrl,
    retryAttempts: 0,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** Subscribes over an event stream and buffers results, as `subscribe` does over graphql-ws. */
export function subscribeOverSse<Data, Variables>(
  client: Client,
  document: TypedDocument<Data, Variables>,
  variables?: Variables,
): TestSubscription<Data> {
  return subscribe(client, document, variables);
}
