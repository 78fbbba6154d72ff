import assert from 'node:assert/strict';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/**
 * An operation written with a test folder's generated `graphql()` (codegen's client preset):
 * the document's text, typed with its result and variables, so a renamed field fails to compile.
 */
export type TypedDocument<Result, Variables> = DocumentTypeDecoration<Result, Variables> & { toString(): string };

/** Extra HTTP details of a request. */
export interface RequestOptions {
  headers?: Record<string, string>;
  operationName?: string;
}

export interface GraphQLClient {
  request<Result, Variables>(
    document: TypedDocument<Result, Variables>,
    variables?: Variables,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<Result>>;
  /**
   * Sends a document the schema need not accept, or that no test folder declares: for tests of
   * malformed, refused or abusive operations. Its data is not typed.
   */
  requestUntyped(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<Record<string, unknown>>>;
}

/** A GraphQL-over-HTTP client for tests: real HTTP, JSON in and out, optional bearer token. */
export function createClient(url: string, token?: string, headers: Record<string, string> = {}): GraphQLClient {
  const send = async (query: string, variables: unknown, options: RequestOptions = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
        ...options.headers,
      },
      body: JSON.stringify({ query, variables, ...(options.operationName ? { operationName: options.operationName } : {}) }),
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as GraphQLResponse<never>;
    } catch {
      throw new Error(`Expected a JSON GraphQL response from ${url}, got HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
  };
  return {
    request: (document, variables, options) => send(document.toString(), variables, options),
    requestUntyped: (query, variables, options) => send(query, variables, options),
  };
}

/** Asserts the response failed with exactly this `extensions.code` (and returns the error). */
export function expectErrorCode(response: GraphQLResponse<unknown>, code: string) {
  const error = response.errors?.find((candidate) => candidate.extensions?.code === code);
  assert.ok(error, `expected error ${code}, got ${JSON.stringify(response.errors ?? response.data)}`);
  return error;
}

/**
 * An answer's data with its root fields present. Plaza's root query fields are nullable so that
 * one subgraph's outage (always reported as an error) does not blank the others' data; without
 * errors they are there. The few that are null by design without an error (`me` signed out) are
 * still compared with null at run time.
 */
export type DataWithRoots<Data> = { [Field in keyof Data]: NonNullable<Data[Field]> };

/** Asserts the response has no errors and returns its data. */
export function expectData<Data>(response: GraphQLResponse<Data>): DataWithRoots<Data> {
  assert.equal(response.errors, undefined, `unexpected errors: ${JSON.stringify(response.errors)}`);
  assert.ok(response.data, 'the response has neither data nor errors');
  return response.data as DataWithRoots<Data>;
}
