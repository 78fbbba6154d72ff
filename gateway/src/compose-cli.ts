import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { API_SCHEMA_PATH, CompositionError, SUPERGRAPH_PATH, apiSchemaOf, composeSupergraph, readRegisteredSubgraphs } from './compose.ts';

// `pnpm compose` writes gateway/supergraph.graphql and gateway/schema.graphql (the API clients
// see); `pnpm compose --check` fails when either is stale.
const check = process.argv.includes('--check');
const readOrEmpty = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
try {
  const supergraph = composeSupergraph(readRegisteredSubgraphs());
  const outputs = [
    [SUPERGRAPH_PATH, supergraph],
    [API_SCHEMA_PATH, apiSchemaOf(supergraph)],
  ] as const;
  let stale = false;
  for (const [file, content] of outputs) {
    const path = relative(process.cwd(), file);
    const current = readOrEmpty(file);
    if (check) {
      if (current !== content) {
        console.error(`${path} is stale: run \`pnpm compose\` and commit the result.`);
        stale = true;
      } else console.log(`${path} is up to date.`);
    } else {
      writeFileSync(file, content);
      console.log(current === content ? `${path} unchanged.` : `Wrote ${path}.`);
    }
  }
  if (stale) process.exit(1);
} catch (error) {
  if (error instanceof CompositionError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
