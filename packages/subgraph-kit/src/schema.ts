import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { concatAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { sharedResolvers, sharedTypeDefs } from './scalars.ts';

export type Resolvers<Context> = GraphQLResolverMap<Context>;

/** Federation 2 directives every subgraph may use. One list, so the SDL headers never drift. */
const federationLink = parse(`
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.9"
      import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override", "@interfaceObject"]
    )
`);

/** Reads every `*.graphql` file under `dir`, sorted, so the SDL is the same on every machine. */
export function readSdlFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.graphql')) files.push(readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** The type definitions of a subgraph: federation header + shared scalars + its own SDL files. */
export function subgraphTypeDefs(sdlDir: string): DocumentNode[] {
  return [federationLink, sharedTypeDefs, ...readSdlFiles(sdlDir).map((sdl) => parse(sdl))];
}

/**
 * Builds the executable subgraph schema. A subgraph passes one resolver map, composed per type
 * (`{ Query, Mutation, User: userResolvers, … }`), so there is nothing to merge.
 */
export function createSubgraphSchema<Context>(sdlDir: string, resolvers: Resolvers<Context>): GraphQLSchema {
  return buildSubgraphSchema([{
    typeDefs: concatAST(subgraphTypeDefs(sdlDir)),
    resolvers: { ...sharedResolvers, ...resolvers } as GraphQLResolverMap<unknown>,
  }]);
}
