import type { Connection } from '@plaza/subgraph-kit';
import type { OrderRecord } from './order.repository.ts';

export type {
  OrderRecord as OrderMapper,
  OrderItemRecord as OrderItemMapper,
  OrderTransactionRecord as OrderTransactionMapper,
} from './order.repository.ts';
export type OrderConnectionMapper = Connection<OrderRecord>;
