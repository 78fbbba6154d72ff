import type { Connection } from '@plaza/subgraph-kit';
import type { CommentRecord } from './comment.repository.ts';

export type { CommentRecord as CommentMapper } from './comment.repository.ts';
export type CommentConnectionMapper = Connection<CommentRecord>;
