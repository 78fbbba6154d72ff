import { reportApiKeys } from './api-keys.ts';

// `pnpm --filter @plaza/bench bench:api-keys`: only the API-key figures of `pnpm bench`.
await reportApiKeys();
