import type { Connection } from '@plaza/subgraph-kit';
import type { GroupBanRecord, GroupInviteRecord, GroupMemberRecord, GroupRecord } from './group.repository.ts';

export type {
  GroupBanRecord as GroupBanMapper,
  GroupInviteRecord as GroupInviteMapper,
  GroupMemberRecord as GroupMemberMapper,
  GroupRecord as GroupMapper,
} from './group.repository.ts';
export type GroupConnectionMapper = Connection<GroupRecord>;
export type GroupMemberConnectionMapper = Connection<GroupMemberRecord>;
export type GroupInviteConnectionMapper = Connection<GroupInviteRecord>;
export type GroupBanConnectionMapper = Connection<GroupBanRecord>;
