import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers, ResourceResolvers } from '../generated/graphql.ts';
import { addBlackoutInput, createResourceInput, updateResourceInput } from './resource.validation.ts';

export const resourceQueries: QueryResolvers = {
  resources: (_, page, { viewer, services }) => services.resources.list(viewer, parseInput(connectionArgsSchema, page)),
  resource: (_, { id }, { viewer, services, loaders }) =>
    services.resources.findVisible(viewer, parseInput(idSchema, id), (resourceId) => loaders.resourceById.load(resourceId)),
};

export const resourceMutations: MutationResolvers = {
  createResource: (_, { input }, { viewer, services }) => services.resources.create(viewer, parseInput(createResourceInput, input)),
  updateResource: (_, { id, input }, { viewer, services }) =>
    services.resources.update(viewer, parseInput(idSchema, id), parseInput(updateResourceInput, input)),
  addResourceBlackout: (_, { input }, { viewer, services }) => services.resources.addBlackout(viewer, parseInput(addBlackoutInput, input)),
  removeResourceBlackout: (_, { id }, { viewer, services }) => services.resources.removeBlackout(viewer, parseInput(idSchema, id)),
};

export const Resource: ResourceResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.resourceById.load(reference.id),
  calendar: (resource, _, { loaders }) => loaders.resourceCalendarByResourceId.load(resource.id),
};
