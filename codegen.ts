import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { printSubgraphPreamble } from '@plaza/subgraph-kit';
import { topology } from '@plaza/topology';

/**
 * GraphQL Code Generator for every subgraph of supergraph.yaml, run by `pnpm generate`:
 * - resolver types from each subgraph's SDL (`src/generated/graphql.ts`), with the record each
 *   GraphQL type is built from taken from `<concept>/<concept>.mappers.ts` (`export type
 *   PostMapper = PostRecord`): resolvers type-check against the SDL and never see Prisma types;
 * - typed documents for each subgraph's integration tests (`test/graphql/`), against the API
 *   schema clients see (gateway/schema.graphql, written by `pnpm compose`): a renamed field
 *   fails to compile.
 */
const subgraphs = topology().subgraphs;

/**
 * `{ Post: './post/post.mappers.ts#PostMapper' }` for every `export … XMapper` of the subgraph's
 * `*.mappers.ts` files: the convention Hive console's codegen preset follows. The preset itself
 * is not used because it also writes resolver files, and Plaza's resolvers are written by hand.
 */
function mappersOf(sdlDir: string): Record<string, string> {
  const mappers: Record<string, string> = {};
  for (const file of globSync('**/*.mappers.ts', { cwd: sdlDir })) {
    const source = ts.createSourceFile(file, readFileSync(join(sdlDir, file), 'utf8'), ts.ScriptTarget.Latest);
    const exported = source.statements.flatMap((statement) => {
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        return statement.exportClause.elements.map((element) => element.name.text);
      }
      const isExported =
        ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
      return isExported && (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) ? [statement.name.text] : [];
    });
    for (const name of exported) {
      if (name.endsWith('Mapper')) mappers[name.slice(0, -'Mapper'.length)] = `../${file}#${name}`;
    }
  }
  return mappers;
}

function resolverTypes(sdlDir: string, contextType: string) {
  // The SDL files lean on federation's directives and the shared types without declaring them.
  const preamble = join(sdlDir, 'generated', 'federation-preamble.graphql');
  mkdirSync(join(sdlDir, 'generated'), { recursive: true });
  writeFileSync(preamble, printSubgraphPreamble(sdlDir));
  return {
    // The preamble sits in generated/, so the glob takes it with the subgraph's own files.
    schema: join(sdlDir, '**/*.graphql'),
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      contextType,
      mappers: mappersOf(sdlDir),
      federation: true,
      useTypeImports: true,
      enumsAsTypes: true,
      scalars: { DateTime: { input: 'Date', output: 'Date | string' }, JSON: 'unknown', ID: { input: 'string', output: 'string' } },
      avoidOptionals: { field: true, object: false, inputValue: false, defaultValue: false },
    },
  };
}

function testDocuments(testDir: string, persistedDocuments = false) {
  return {
    schema: 'gateway/schema.graphql',
    documents: [join(testDir, '**/*.ts'), `!${join(testDir, 'graphql/**')}`],
    preset: 'client' as const,
    presetConfig: { fragmentMasking: false, persistedDocuments },
    config: {
      documentMode: 'string',
      importExtension: '.ts',
      useTypeImports: true,
      enumsAsTypes: true,
      scalars: { DateTime: 'string', JSON: 'unknown' },
    },
  };
}

type GeneratedOutput = CodegenConfig['generates'][string];

const config: CodegenConfig = {
  overwrite: true,
  // A test folder whose tests send no GraphQL yet generates nothing, rather than failing.
  ignoreNoDocuments: true,
  generates: Object.fromEntries<GeneratedOutput>([
    // The test kit's own operations (sign-up, organizations, members).
    ['packages/testkit/src/graphql/', testDocuments('packages/testkit/src')],
    // The gateway's own integration tests (subscriptions, errors, limits).
    // With persisted-documents.json, the trusted-documents manifest a web app's build produces
    // (hash → document); the gateway's trusted-documents tests load it.
    ['gateway/test/graphql/', testDocuments('gateway/test', true)],
    // Whole-stack tests that span every subgraph (revocation, row-level security).
    ['packages/stack/test/graphql/', testDocuments('packages/stack/test')],
    ...subgraphs.flatMap((entry): [string, GeneratedOutput][] => [
      [join(entry.sdlDir, 'generated', 'graphql.ts'), resolverTypes(entry.sdlDir, `../context.ts#${contextTypeOf(entry.name)}`)],
      [join(entry.dir, 'test', 'graphql/'), testDocuments(join(entry.dir, 'test'))],
    ]),
  ]),
};

/** Each subgraph's context type is `<Name>Context`, exported from src/context.ts. */
function contextTypeOf(name: string): string {
  return `${name.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}Context`;
}

export default config;
