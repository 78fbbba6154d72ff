import type { Connection } from '@plaza/subgraph-kit';
import type { MessageRecord } from './message.repository.ts';

export type { MessageRecord as MessageMapper } from './message.repository.ts';
export type MessageConnectionMapper = Connection<MessageRecord>;
