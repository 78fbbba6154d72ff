import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { readSdlFiles, subgraphSchemaOf } from '@plaza/subgraph-kit';
import { topology } from '@plaza/topology';
import { API_SCHEMA_PATH } from './compose.ts';
import { compareSchemas, declaredBreakingChanges, formatChanges, verdictOf } from './schema-check.ts';

// `pnpm schema:check [--base <git ref>]`: the client-facing API schema and each subgraph's SDL of
// the working tree against the base, breaking changes failing unless a commit declares them.
const root = dirname(topology().file);
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const gitOrUndefined = (...args: string[]) => {
  try {
    return git(...args).trim();
  } catch {
    return undefined;
  }
};
const commitOf = (ref: string) => gitOrUndefined('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);

/**
 * The commit to compare with: `--base <ref>`; else where this branch left main; on main itself
 * (CI's checkout of a submission is main) the commit before HEAD.
 */
function baseCommit(argv: readonly string[]): { ref: string; commit: string | undefined } {
  const flag = argv.indexOf('--base');
  if (flag >= 0) {
    const ref = argv[flag + 1];
    if (!ref) throw new Error('--base needs a git ref, e.g. --base main or --base HEAD~3');
    const commit = commitOf(ref);
    if (!commit) throw new Error(`--base ${ref} is not a commit of this repository`);
    return { ref, commit };
  }
  const head = commitOf('HEAD');
  const main = commitOf('main');
  if (main && main !== head) return { ref: 'main', commit: gitOrUndefined('merge-base', main, 'HEAD') };
  return { ref: 'HEAD~1', commit: commitOf('HEAD~1') };
}

const showAt = (commit: string, path: string) => gitOrUndefined('show', `${commit}:${path}`);

function subgraphSdlAt(commit: string, sdlDir: string): string[] | undefined {
  const dir = relative(root, sdlDir);
  const files = (gitOrUndefined('ls-tree', '-r', '--name-only', commit, '--', dir) ?? '')
    .split('\n')
    .filter((path) => path.endsWith('.graphql') && !path.split('/').includes('generated'))
    .sort();
  return files.length ? files.map((path) => showAt(commit, path)!) : undefined;
}

const { ref, commit } = baseCommit(process.argv.slice(2));
if (!commit) {
  console.log(`schema:check: no ${ref} to compare with (a repository of one commit, or a shallow clone); nothing checked.`);
  process.exit(0);
}
console.log(`Comparing the working tree with ${ref} (${commit.slice(0, 12)}).\n`);

const apiPath = relative(root, API_SCHEMA_PATH);
const baseApi = showAt(commit, apiPath);
const reports = [
  await compareSchemas(
    `API schema (${apiPath})`,
    baseApi === undefined ? undefined : buildSchema(baseApi),
    buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8')),
  ),
];
for (const entry of topology().subgraphs) {
  const base = subgraphSdlAt(commit, entry.sdlDir);
  const baseSchema: GraphQLSchema | undefined = base && subgraphSchemaOf(base);
  reports.push(await compareSchemas(`subgraph ${entry.name}`, baseSchema, subgraphSchemaOf(readSdlFiles(entry.sdlDir))));
}
console.log(formatChanges(reports));

const messages = gitOrUndefined('log', '--format=%B', `${commit}..HEAD`) ?? '';
const verdict = verdictOf(reports, declaredBreakingChanges(messages));
console.log(`\n${verdict.summary}`);
process.exit(verdict.exitCode);
