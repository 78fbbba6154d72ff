import { measureCommerce, printCommerce } from './commerce.ts';

// `pnpm --filter @plaza/bench bench:commerce`: only the commerce figures of `pnpm bench`.
printCommerce(await measureCommerce());
