import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompositionError, SUPERGRAPH_PATH, composeSupergraph, readRegisteredSubgraphs } from '../src/index.ts';

// The partner teams' composition check: every subgraph's SDL, as it is in the tree, must compose,
// and the checked-in supergraph.graphql must be exactly what composition produces.
describe('supergraph composition', () => {
  it('composes every registered subgraph without errors', () => {
    expect(() => composeSupergraph(readRegisteredSubgraphs())).not.toThrow();
  });

  it('matches the checked-in gateway/supergraph.graphql (run `pnpm compose` if this fails)', () => {
    const composed = composeSupergraph(readRegisteredSubgraphs());
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8') === composed, 'gateway/supergraph.graphql is stale: run `pnpm compose`').toBe(true);
  });

  it('reports every composition error with its code', () => {
    const subgraphs = readRegisteredSubgraphs();
    const broken = [
      ...subgraphs,
      { name: 'broken', url: 'http://127.0.0.1:1/graphql', sdl: 'type User @key(fields: "id") { id: ID! name: Int! }' },
    ];
    try {
      composeSupergraph(broken);
      expect.unreachable('composition should fail');
    } catch (error) {
      expect(error).toBeInstanceOf(CompositionError);
      expect((error as Error).message).toMatch(/Supergraph composition failed with \d+ error/);
      expect((error as Error).message).toMatch(/User\.name/);
    }
  });
});
