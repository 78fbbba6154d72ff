import { randomBytes } from 'node:crypto';
import { dropTestDatabases, ensureTemplate } from '@plaza/db';
import { loadSubgraphModules } from '@plaza/stack';
import { testConfig } from './test-config.ts';

/**
 * Vitest global setup of the integration tests (runs once, before any worker starts): names the
 * run, so every worker's databases carry its id, and builds each subgraph's migrated template
 * database once, so workers only copy it. The teardown drops whatever the run left behind,
 * including the databases of workers' shared stacks, which are never stopped one by one.
 */
export default async function setup() {
  process.env.PLAZA_TEST_RUN_ID ??= randomBytes(4).toString('hex');
  const config = testConfig();
  for (const { entry, createSubgraph } of await loadSubgraphModules(config.sharedSubgraphs)) {
    await ensureTemplate(config.databases, {
      subgraph: entry.name,
      prismaDir: createSubgraph.prismaDir,
      migrate: (location) => createSubgraph.migrate(location),
    });
  }
  return async () => {
    await dropTestDatabases(config.databases, config.runId);
  };
}
