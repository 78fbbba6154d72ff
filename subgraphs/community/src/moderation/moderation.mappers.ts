import type { Connection } from '@plaza/subgraph-kit';
import type { ReportRecord } from './moderation.repository.ts';

export type { ReportRecord as ReportMapper } from './moderation.repository.ts';
export type ReportConnectionMapper = Connection<ReportRecord>;
export type { ModeratedContent as ModeratedContentMapper } from './moderation.service.ts';
