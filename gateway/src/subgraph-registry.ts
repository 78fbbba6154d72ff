import { fileURLToPath } from 'node:url';

/**
 * Every subgraph of the supergraph, with its default port. A partner team adding a subgraph
 * adds one line here (and its package under subgraphs/), then runs `pnpm compose`.
 */
export const SUBGRAPHS = [
  { name: 'identity', port: 4001 },
  { name: 'community', port: 4002 },
  { name: 'commerce', port: 4003 },
  { name: 'crm', port: 4004 },
  { name: 'scheduling', port: 4005 },
  { name: 'learning', port: 4006 },
  { name: 'notifications', port: 4007 },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

/** Folder holding a subgraph's `*.graphql` SDL files. */
export const sdlDirOf = (name: string) => `${REPO_ROOT}subgraphs/${name}/src`;

/** Default routing URL, overridden at run time by `<NAME>_URL` (e.g. COMMERCE_URL). */
export const defaultUrlOf = (name: string, port: number) => `http://127.0.0.1:${port}/graphql`;

export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    SUBGRAPHS.map(({ name, port }) => [name, env[`${name.toUpperCase()}_URL`] ?? defaultUrlOf(name, port)]),
  );
}
