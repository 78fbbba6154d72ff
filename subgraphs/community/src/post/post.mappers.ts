import type { Connection } from '@plaza/subgraph-kit';
import type { PostRecord } from './post.repository.ts';

export type { PostRecord as PostMapper, PostRevisionRecord as PostRevisionMapper } from './post.repository.ts';
export type PostConnectionMapper = Connection<PostRecord>;
