export type { CartQuote as CartMapper, QuotedLine as CartLineMapper } from './cart-quote.ts';
