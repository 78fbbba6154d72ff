import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { QueryResolvers, SearchHitResolvers } from '../generated/graphql.ts';
import { searchArgs } from './search.validation.ts';

export const searchQueries: QueryResolvers = {
  search: (_, { query, ...page }, { viewer, services, loaders }) =>
    services.search.search(viewer, parseInput(searchArgs, { query }).query, parseInput(connectionArgsSchema, page), loaders.contentScope),
};

export const SearchHit: SearchHitResolvers = {
  post: (hit, _, { loaders }) => loaders.postById.load(hit.postId),
  comment: (hit, _, { loaders }) => (hit.kind === 'COMMENT' ? loaders.commentById.load(hit.id) : null),
};
