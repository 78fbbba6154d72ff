import { ApiKey, apiKeyMutations, apiKeyQueries } from './api-key/api-key.resolvers.ts';
import { AuthPayload, authMutations, authQueries } from './auth/auth.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';
import { Invitation, invitationMutations } from './invitation/invitation.resolvers.ts';
import { Membership, membershipMutations } from './membership/membership.resolvers.ts';
import { Organization, organizationMutations, organizationQueries } from './organization/organization.resolvers.ts';
import { User, userMutations, userQueries } from './user/user.resolvers.ts';

export const resolvers: Resolvers = {
  Query: { ...userQueries, ...organizationQueries, ...authQueries, ...apiKeyQueries },
  Mutation: {
    ...authMutations,
    ...userMutations,
    ...organizationMutations,
    ...membershipMutations,
    ...invitationMutations,
    ...apiKeyMutations,
  },
  User,
  Organization,
  Membership,
  Invitation,
  AuthPayload,
  ApiKey,
};
