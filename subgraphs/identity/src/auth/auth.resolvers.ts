import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { AuthPayloadResolvers, MutationResolvers } from '../generated/graphql.ts';
import { signInInput, signUpInput } from './auth.validation.ts';

export const authMutations: MutationResolvers = {
  signUp: (_, { input }, { services }) => services.auth.signUp(parseInput(signUpInput, input)),
  signIn: (_, { input }, { services }) => services.auth.signIn(parseInput(signInInput, input)),
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
  organization: (payload, _, { loaders }) => (payload.organizationId ? loaders.organizationById.load(payload.organizationId) : null),
};
