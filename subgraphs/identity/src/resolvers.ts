import type { Resolvers } from '@plaza/subgraph-kit';
import { AuthPayload, authMutations } from './auth/auth.resolvers.ts';
import type { IdentityContext } from './context.ts';
import { Invitation, invitationMutations } from './invitation/invitation.resolvers.ts';
import { Membership, membershipMutations } from './membership/membership.resolvers.ts';
import { Organization, organizationMutations, organizationQueries } from './organization/organization.resolvers.ts';
import { User, userMutations, userQueries } from './user/user.resolvers.ts';

export const resolvers = {
  Query: { ...userQueries, ...organizationQueries },
  Mutation: { ...authMutations, ...userMutations, ...organizationMutations, ...membershipMutations, ...invitationMutations },
  User,
  Organization,
  Membership,
  Invitation,
  AuthPayload,
} as unknown as Resolvers<IdentityContext>;
