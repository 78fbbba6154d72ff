import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { SearchHitRecord } from './search.repository.ts';
import { searchArgs } from './search.validation.ts';

export const searchQueries = {
  search: (_: unknown, args: { query: string; first?: number; after?: string }, { viewer, services, loaders }: CommunityContext) =>
    services.search.search(
      viewer,
      parseInput(searchArgs, { query: args.query }).query,
      parseInput(connectionArgsSchema, { first: args.first, after: args.after }),
      loaders.contentScope,
    ),
};

export const SearchHit = {
  post: (hit: SearchHitRecord, _: unknown, { loaders }: CommunityContext) => loaders.postById.load(hit.postId),
  comment: (hit: SearchHitRecord, _: unknown, { loaders }: CommunityContext) => (hit.kind === 'COMMENT' ? loaders.commentById.load(hit.id) : null),
};
