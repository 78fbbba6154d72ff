import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { createCategoryInput } from './category.validation.ts';

export const categoryQueries: QueryResolvers = {
  categories: (_, page, { viewer, services }) => services.categories.list(viewer, parseInput(connectionArgsSchema, page)),
};

export const categoryMutations: MutationResolvers = {
  createCategory: (_, { input }, { viewer, services }) => services.categories.create(viewer, parseInput(createCategoryInput, input)),
};
