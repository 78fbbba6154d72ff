import type { Connection } from '@plaza/subgraph-kit';
import type { PointEntryRecord } from './gamification.repository.ts';

export type {
  LevelRecord as CommunityLevelMapper,
  PointEntryRecord as PointEntryMapper,
  PointRuleRecord as PointRuleMapper,
} from './gamification.repository.ts';
export type PointEntryConnectionMapper = Connection<PointEntryRecord>;
export type { LeaderboardEntry as LeaderboardEntryMapper } from './gamification.service.ts';
