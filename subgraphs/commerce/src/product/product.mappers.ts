import type { Connection } from '@plaza/subgraph-kit';
import type { ProductRecord } from './product.repository.ts';

export type { ProductRecord as ProductMapper } from './product.repository.ts';
export type ProductConnectionMapper = Connection<ProductRecord>;
