import assert from 'node:assert/strict';

export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface GraphQLClient {
  request<Data = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Data>>;
}

/** A GraphQL-over-HTTP client for tests: real HTTP, JSON in and out, optional bearer token. */
export function createClient(url: string, token?: string, headers: Record<string, string> = {}): GraphQLClient {
  return {
    async request(query, variables) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`Expected a JSON GraphQL response from ${url}, got HTTP ${response.status}: ${text.slice(0, 300)}`);
      }
    },
  };
}

/** Asserts the response failed with exactly this `extensions.code` (and returns the error). */
export function expectErrorCode(response: GraphQLResponse<unknown>, code: string) {
  const error = response.errors?.find((candidate) => candidate.extensions?.code === code);
  assert.ok(error, `expected error ${code}, got ${JSON.stringify(response.errors ?? response.data)}`);
  return error;
}

/** Asserts the response has no errors and returns its data. */
export function expectData<Data>(response: GraphQLResponse<Data>): Data {
  assert.equal(response.errors, undefined, `unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}
