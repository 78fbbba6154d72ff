import type { Connection } from '@plaza/subgraph-kit';
import type { CategoryRecord } from './category.repository.ts';

export type { CategoryRecord as CategoryMapper } from './category.repository.ts';
export type CategoryConnectionMapper = Connection<CategoryRecord>;
