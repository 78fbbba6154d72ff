import type { Connection } from '@plaza/subgraph-kit';
import type { SpaceMemberRecord, SpaceRecord } from './space.repository.ts';

export type { SpaceRecord as SpaceMapper, SpaceMemberRecord as SpaceMemberMapper } from './space.repository.ts';
export type SpaceConnectionMapper = Connection<SpaceRecord>;
export type SpaceMemberConnectionMapper = Connection<SpaceMemberRecord>;
