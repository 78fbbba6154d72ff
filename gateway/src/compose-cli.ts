import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CompositionError, composeSupergraph, readRegisteredSubgraphs } from './compose.ts';
import { REPO_ROOT, SUPERGRAPH_PATH } from './subgraph-registry.ts';

// `pnpm compose` writes gateway/supergraph.graphql; `pnpm compose --check` fails when it is stale.
const check = process.argv.includes('--check');
try {
  const supergraph = composeSupergraph(readRegisteredSubgraphs());
  const path = relative(REPO_ROOT, SUPERGRAPH_PATH);
  const current = (() => {
    try {
      return readFileSync(SUPERGRAPH_PATH, 'utf8');
    } catch {
      return '';
    }
  })();
  if (check) {
    if (current !== supergraph) {
      console.error(`${path} is stale: run \`pnpm compose\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${path} is up to date.`);
  } else {
    writeFileSync(SUPERGRAPH_PATH, supergraph);
    console.log(current === supergraph ? `${path} unchanged.` : `Wrote ${path}.`);
  }
} catch (error) {
  if (error instanceof CompositionError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
