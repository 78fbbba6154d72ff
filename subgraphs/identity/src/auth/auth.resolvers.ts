import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { AuthPayloadResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { refreshTokenSchema, signInInput, signUpInput } from './auth.validation.ts';

export const authQueries: QueryResolvers = {
  viewerAccess: async (_, __, { viewer, services, loaders }) => ({
    role: viewer.userId ? ((await loaders.membershipInCurrentOrganization.load(viewer.userId))?.role ?? null) : null,
    sessionActive: await services.auth.sessionActive(viewer),
  }),
};

export const authMutations: MutationResolvers = {
  signUp: (_, { input }, { viewer, services }) => services.auth.signUp(parseInput(signUpInput, input), viewer.clientAddress ?? null),
  signIn: (_, { input }, { viewer, services }) => services.auth.signIn(parseInput(signInInput, input), viewer.clientAddress ?? null),
  refreshToken: (_, { refreshToken }, { viewer, services }) => services.auth.refresh(viewer, parseInput(refreshTokenSchema, refreshToken)),
  signOut: (_, { refreshToken }, { services }) => services.auth.signOut(parseInput(refreshTokenSchema, refreshToken)),
  signOutEverywhere: (_, __, { viewer, services }) => services.auth.signOutEverywhere(viewer),
  switchOrganization: (_, { organizationId }, { viewer, services }) =>
    services.auth.switchOrganization(viewer, parseInput(idSchema, organizationId)),
};

export const AuthPayload: AuthPayloadResolvers = {
  // The request that signs in is anonymous; the payload still shows the user their own details.
  user: async (payload, _, { loaders }) => {
    const user = await loaders.userById.load(payload.userId);
    if (!user) throw new Error(`User ${payload.userId} of a token just issued does not exist`);
    return { ...user, viewedBySelf: true };
  },
};
