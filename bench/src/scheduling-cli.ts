import { measureScheduling, printScheduling } from './scheduling.ts';

// `pnpm --filter @plaza/bench bench:scheduling`: only the scheduling figures of `pnpm bench`.
printScheduling(await measureScheduling());
