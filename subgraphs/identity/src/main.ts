import { runStandalone } from '@plaza/subgraph-kit';
import { createSubgraph } from './index.ts';

await runStandalone(createSubgraph, { defaultPort: 4001 });
