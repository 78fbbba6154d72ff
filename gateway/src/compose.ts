import { composeServices } from '@apollo/composition';
import { concatAST, parse, print } from 'graphql';
import { subgraphTypeDefs } from '@plaza/subgraph-kit';
import { SUBGRAPHS, defaultUrlOf, sdlDirOf } from './subgraph-registry.ts';

export class CompositionError extends Error {
  constructor(readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[]) {
    super(
      `Supergraph composition failed with ${errors.length} error(s):\n` +
        errors.map((error, i) => `  ${i + 1}. [${String(error.extensions?.code ?? 'ERROR')}] ${error.message}`).join('\n'),
    );
    this.name = 'CompositionError';
  }
}

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** Each registered subgraph's SDL, read from its source files: no server needs to run. */
export function readRegisteredSubgraphs(): SubgraphSdl[] {
  return SUBGRAPHS.map(({ name, port }) => ({
    name,
    url: defaultUrlOf(name, port),
    sdl: print(concatAST(subgraphTypeDefs(sdlDirOf(name)))),
  }));
}

/** Composes subgraph SDLs into a supergraph SDL, or throws a CompositionError listing every error. */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors?.length) throw new CompositionError(result.errors);
  return result.supergraphSdl!;
}
