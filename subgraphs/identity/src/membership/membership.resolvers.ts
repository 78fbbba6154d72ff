import { idSchema, parseInput } from '@plaza/subgraph-kit';
import { z } from 'zod';
import type { MembershipResolvers, MutationResolvers } from '../generated/graphql.ts';

const roleSchema = z.enum(['OWNER', 'ADMIN', 'MODERATOR', 'MEMBER', 'VIEWER']);

export const membershipMutations: MutationResolvers = {
  updateMemberRole: (_, { userId, role }, { viewer, services }) =>
    services.memberships.updateMemberRole(viewer, parseInput(idSchema, userId), parseInput(roleSchema, role)),
  removeMember: (_, { userId }, { viewer, services }) => services.memberships.removeMember(viewer, parseInput(idSchema, userId)),
};

export const Membership: MembershipResolvers = {
  user: async (membership, _, { loaders }) => {
    const user = await loaders.userById.load(membership.userId);
    if (!user) throw new Error(`Membership ${membership.id} refers to user ${membership.userId}, who does not exist`);
    return user;
  },
  organization: async (membership, _, { loaders }) => {
    const organization = await loaders.organizationById.load(membership.organizationId);
    if (!organization)
      throw new Error(`Membership ${membership.id} refers to organization ${membership.organizationId}, which does not exist`);
    return organization;
  },
};
