import type { Connection } from '@plaza/subgraph-kit';
import type { MembershipRecord } from './membership.repository.ts';

export type { MembershipRecord as MembershipMapper } from './membership.repository.ts';
export type MembershipConnectionMapper = Connection<MembershipRecord>;
