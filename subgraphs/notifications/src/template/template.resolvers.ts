import { parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { clearTemplateArgs, setTemplateInput } from './template.validation.ts';

export const templateQueries: QueryResolvers = {
  notificationTemplates: (_, __, { viewer, services }) => services.templates.list(viewer),
};

export const templateMutations: MutationResolvers = {
  setNotificationTemplate: (_, { input }, { viewer, services }) => services.templates.set(viewer, parseInput(setTemplateInput, input)),
  clearNotificationTemplate: (_, args, { viewer, services }) => services.templates.clear(viewer, parseInput(clearTemplateArgs, args).type),
};
