import { reportOperationLimits } from './operation-limits.ts';

// `pnpm --filter @plaza/bench bench:limits`: only the operation-limits figures of `pnpm bench`.
await reportOperationLimits();
