import { idSchema, markViewerSpecific, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers, UserResolvers } from '../generated/graphql.ts';
import { updateProfileInput } from './user.validation.ts';

export const userQueries: QueryResolvers = {
  me: (_, __, { viewer, loaders }) => (viewer.userId ? loaders.userById.load(viewer.userId) : null),
  user: (_, { id }, { viewer, services, loaders }) =>
    services.users.findVisible(viewer, parseInput(idSchema, id), (userId) => loaders.visibleUserById.load(userId)),
};

export const userMutations: MutationResolvers = {
  updateProfile: (_, { input }, { viewer, services }) => services.users.updateProfile(viewer, parseInput(updateProfileInput, input)),
};

export const User: UserResolvers = {
  __resolveReference: (reference, { viewer, loaders }, info) => {
    // Viewers always see themselves, even outside the organization: not an answer to share.
    if (reference.id === viewer.userId) markViewerSpecific(info);
    return loaders.visibleUserById.load(reference.id);
  },
  email: (user, _, { viewer, services }) => services.users.emailFor(user, viewer),
  bio: (user, _, { viewer, services }) => services.users.bioFor(user, viewer),
  organizations: async (user, _, { viewer, loaders }) => {
    const organizations = await loaders.organizationsByMemberId.load(user.id);
    const isSelf = user.viewedBySelf || user.id === viewer.userId;
    return isSelf ? organizations : organizations.filter((org) => org.id === viewer.organizationId);
  },
  membership: (user, _, { loaders }) => loaders.membershipInCurrentOrganization.load(user.id),
};
