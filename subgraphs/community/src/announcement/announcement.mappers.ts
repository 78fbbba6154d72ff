import type { Connection } from '@plaza/subgraph-kit';
import type { AnnouncementRecord } from './announcement.repository.ts';

export type { AnnouncementRecord as AnnouncementMapper } from './announcement.repository.ts';
export type AnnouncementConnectionMapper = Connection<AnnouncementRecord>;
