import type { Connection } from '@plaza/subgraph-kit';
import type { DownloadGrantRecord } from './download.repository.ts';

export type { DownloadFileRecord as DownloadFileMapper, DownloadGrantRecord as DownloadGrantMapper } from './download.repository.ts';
export type { GrantedFile as GrantedFileMapper, ProductDownloadStats as ProductDownloadStatsMapper } from './download.service.ts';
export type DownloadGrantConnectionMapper = Connection<DownloadGrantRecord>;
