import type { Connection } from '@plaza/subgraph-kit';
import type { SearchHitRecord } from './search.repository.ts';

export type { SearchHitRecord as SearchHitMapper } from './search.repository.ts';
export type SearchHitConnectionMapper = Connection<SearchHitRecord>;
