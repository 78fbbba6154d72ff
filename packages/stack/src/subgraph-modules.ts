import type { SubgraphFactory } from '@plaza/subgraph-kit';
import { topology, type SubgraphEntry } from '@plaza/topology';

/** A subgraph package as the stack runs it: its entry in supergraph.yaml and its factory. */
export interface SubgraphModule {
  entry: SubgraphEntry;
  createSubgraph: SubgraphFactory;
}

/**
 * Imports the packages of supergraph.yaml by their entry file, in the list's order, and checks
 * each exports what the list promises: `name` (the entry's key) and `createSubgraph`.
 */
export async function loadSubgraphModules(only?: readonly string[]): Promise<SubgraphModule[]> {
  const entries = topology().subgraphs.filter((entry) => !only || only.includes(entry.name));
  const unknown = only?.filter((name) => !entries.some((entry) => entry.name === name)) ?? [];
  if (unknown.length) throw new Error(`Not in ${topology().file}: ${unknown.join(', ')}`);
  return Promise.all(
    entries.map(async (entry) => {
      const exports = (await import(entry.entryUrl)) as { name?: unknown; createSubgraph?: SubgraphModule['createSubgraph'] };
      if (exports.name !== entry.name || typeof exports.createSubgraph !== 'function') {
        throw new Error(
          `${entry.package} (${entry.entryUrl}) must export name = "${entry.name}" and createSubgraph from definePrismaSubgraph`,
        );
      }
      return { entry, createSubgraph: exports.createSubgraph };
    }),
  );
}
