import type { Connection } from '@plaza/subgraph-kit';
import type { DiscountRecord } from './discount.repository.ts';

export type { DiscountRecord as DiscountMapper } from './discount.repository.ts';
export type DiscountConnectionMapper = Connection<DiscountRecord>;
