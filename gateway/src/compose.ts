import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { concatAST, lexicographicSortSchema, parse, print, printSchema } from 'graphql';
import { subgraphTypeDefs } from '@plaza/subgraph-kit';
import { defaultUrlOf, topology } from '@plaza/topology';
import { outageNullabilityViolations } from './outage-nullability.ts';

/** The composed supergraph the gateway serves: `pnpm compose` writes it, a test keeps it fresh. */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

/**
 * The API clients see (the supergraph without federation's machinery or @inaccessible parts),
 * written beside it: client code generation, the typed test documents and the breaking-change
 * check read it.
 */
export const API_SCHEMA_PATH = fileURLToPath(new URL('../schema.graphql', import.meta.url));

const codeOf = (error: { extensions?: Record<string, unknown> }) => {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : 'ERROR';
};

export class CompositionError extends Error {
  constructor(readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[]) {
    super(
      `Supergraph composition failed with ${errors.length} error(s):\n` +
        errors.map((error, i) => `  ${i + 1}. [${codeOf(error)}] ${error.message}`).join('\n'),
    );
    this.name = 'CompositionError';
  }
}

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** The SDL of each subgraph in supergraph.yaml, read from its source files: no server needs to run. */
export function readRegisteredSubgraphs(): SubgraphSdl[] {
  return topology().subgraphs.map((entry) => ({
    name: entry.name,
    url: defaultUrlOf(entry),
    sdl: print(concatAST(subgraphTypeDefs(entry.sdlDir))),
  }));
}

/**
 * Composes subgraph SDLs into a supergraph SDL, or throws a CompositionError listing every error:
 * federation's, and Plaza's own rule that one subgraph's outage must not blank another's data
 * (OUTAGE_NULLABILITY, see outage-nullability.ts).
 */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  const errors = [
    ...(result.errors ?? []),
    ...outageNullabilityViolations(subgraphs).map(({ message }) => ({ message, extensions: { code: 'OUTAGE_NULLABILITY' } })),
  ];
  if (errors.length) throw new CompositionError(errors);
  return result.supergraphSdl!;
}

/** The client-facing schema of a supergraph, printed in a stable (sorted) order. */
export function apiSchemaOf(supergraphSdl: string): string {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return `${printSchema(lexicographicSortSchema(api))}\n`;
}
