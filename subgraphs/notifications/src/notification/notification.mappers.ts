import type { Connection } from '@plaza/subgraph-kit';
import type { NotificationRecord } from './notification.repository.ts';

export type { NotificationRecord as NotificationMapper } from './notification.repository.ts';
export type NotificationConnectionMapper = Connection<NotificationRecord>;
