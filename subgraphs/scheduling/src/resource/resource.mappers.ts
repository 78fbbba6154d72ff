import type { Connection } from '@plaza/subgraph-kit';
import type { ResourceView } from './resource.service.ts';

export type { ResourceView as ResourceMapper, BlackoutView as ResourceBlackoutMapper } from './resource.service.ts';
export type ResourceConnectionMapper = Connection<ResourceView>;
