import type { GraphQLResolveInfo } from 'graphql';
import { idSchema, markViewerSpecific, parseInput } from '@plaza/subgraph-kit';
import type { IdentityContext } from '../context.ts';
import type { UserView } from './user.service.ts';
import { updateProfileInput } from './user.validation.ts';

export const userQueries = {
  me: (_: unknown, __: unknown, { viewer, loaders }: IdentityContext) =>
    viewer.userId ? loaders.userById.load(viewer.userId) : null,
  user: (_: unknown, args: { id: string }, { viewer, services, loaders }: IdentityContext) =>
    services.users.findVisible(viewer, parseInput(idSchema, args.id), (id) => loaders.visibleUserById.load(id)),
};

export const userMutations = {
  updateProfile: (_: unknown, args: { input: unknown }, { viewer, services }: IdentityContext) =>
    services.users.updateProfile(viewer, parseInput(updateProfileInput, args.input)),
};

export const User = {
  __resolveReference: (reference: { id: string }, { viewer, loaders }: IdentityContext, info: GraphQLResolveInfo) => {
    // Viewers always see themselves, even outside the organization: not an answer to share.
    if (reference.id === viewer.userId) markViewerSpecific(info);
    return loaders.visibleUserById.load(reference.id);
  },
  email: (user: UserView, _: unknown, { viewer, services }: IdentityContext) => services.users.emailFor(user, viewer),
  bio: (user: UserView, _: unknown, { viewer, services }: IdentityContext) => services.users.bioFor(user, viewer),
  organizations: async (user: UserView, _: unknown, { viewer, loaders }: IdentityContext) => {
    const organizations = await loaders.organizationsByMemberId.load(user.id);
    const isSelf = user.viewedBySelf || user.id === viewer.userId;
    return isSelf ? organizations : organizations.filter((org) => org.id === viewer.organizationId);
  },
  membership: (user: UserView, _: unknown, { loaders }: IdentityContext) => loaders.membershipInCurrentOrganization.load(user.id),
};
