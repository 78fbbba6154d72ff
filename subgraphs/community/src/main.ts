import { runStandalone } from '@plaza/subgraph-kit';
import { createSubgraph, name } from './index.ts';

await runStandalone(name, createSubgraph);
