import type { Connection } from '@plaza/subgraph-kit';
import type { StockAdjustmentRecord } from './inventory.repository.ts';

export type { StockAdjustmentRecord as StockAdjustmentMapper } from './inventory.repository.ts';
export type StockAdjustmentConnectionMapper = Connection<StockAdjustmentRecord>;
