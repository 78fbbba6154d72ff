import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { Kind, concatAST, parse, print, printSchema, type DocumentNode, type GraphQLSchema } from 'graphql';
import { sharedResolvers, sharedTypeDefs } from './scalars.ts';

/**
 * A subgraph's resolver map, as its generated `Resolvers` type describes it. Codegen types each
 * resolver against the SDL; Apollo's looser `GraphQLResolverMap` is only what buildSubgraphSchema
 * takes, so the one conversion between the two happens in `createSubgraphSchema`.
 */
export type ResolverMap = { readonly [typeName: string]: unknown };

/** Federation 2 directives every subgraph may use. One list, so the SDL headers never drift. */
const federationLink = parse(`
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.9"
      import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override", "@interfaceObject"]
    )
`);

/**
 * The SDL that a subgraph's own files lean on but do not declare — federation's directives and
 * the shared types — printed from the built schema, for tools that read SDL files (codegen).
 */
export function printSubgraphPreamble(sdlDir: string): string {
  const own = new Set(
    readSdlFiles(sdlDir).flatMap((sdl) => parse(sdl).definitions.flatMap((node) => ('name' in node && node.name ? [node.name.value] : []))),
  );
  const schema = buildSubgraphSchema([{ typeDefs: concatAST(subgraphTypeDefs(sdlDir)) }]);
  const federationTypes = new Set(['_Any', '_Entity', '_Service', 'Query', 'Mutation', 'Subscription']);
  const preamble = parse(printSchema(schema)).definitions.filter(
    (node) =>
      node.kind === Kind.DIRECTIVE_DEFINITION ||
      ('name' in node && node.name && !own.has(node.name.value) && !federationTypes.has(node.name.value)),
  );
  return print({ kind: Kind.DOCUMENT, definitions: preamble });
}

/** Reads every `*.graphql` file under `dir` (but `generated/`), sorted, so the SDL is the same on every machine. */
export function readSdlFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(current, entry.name);
      // Generated code (Prisma client, codegen output and its preamble) is not the subgraph's SDL.
      if (entry.isDirectory()) {
        if (entry.name !== 'generated') walk(path);
      } else if (entry.name.endsWith('.graphql')) files.push(readFileSync(path, 'utf8'));
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
 * A subgraph's schema from the contents of its SDL files, without resolvers: for tools that
 * compare a subgraph's SDL across commits (`pnpm schema:check`).
 */
export function subgraphSchemaOf(sdlFiles: readonly string[]): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: concatAST([federationLink, sharedTypeDefs, ...sdlFiles.map((sdl) => parse(sdl))]) }]);
}

/**
 * Builds the executable subgraph schema. A subgraph passes one resolver map, composed per type
 * (`{ Query, Mutation, User: userResolvers, … }`), so there is nothing to merge.
 */
export function createSubgraphSchema(sdlDir: string, resolvers: ResolverMap): GraphQLSchema {
  return buildSubgraphSchema([
    {
      typeDefs: concatAST(subgraphTypeDefs(sdlDir)),
      resolvers: { ...sharedResolvers, ...resolvers } as GraphQLResolverMap<unknown>,
    },
  ]);
}
