import type { Connection } from '@plaza/subgraph-kit';
import type { ConversationRecord } from './conversation.repository.ts';

export type {
  ConversationMemberRecord as ConversationMemberMapper,
  ConversationRecord as ConversationMapper,
} from './conversation.repository.ts';
export type ConversationConnectionMapper = Connection<ConversationRecord>;
