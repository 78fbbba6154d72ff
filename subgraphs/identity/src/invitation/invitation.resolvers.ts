import { parseInput } from '@plaza/subgraph-kit';
import type { InvitationResolvers, MutationResolvers } from '../generated/graphql.ts';
import { invitationTokenSchema, inviteMemberInput } from './invitation.validation.ts';

export const invitationMutations: MutationResolvers = {
  inviteMember: (_, { input }, { viewer, services }) => services.invitations.invite(viewer, parseInput(inviteMemberInput, input)),
  acceptInvitation: (_, { token }, { viewer, services }) => services.invitations.accept(viewer, parseInput(invitationTokenSchema, token)),
};

export const Invitation: InvitationResolvers = {
  invitedBy: (invitation, _, { loaders }) => loaders.visibleUserById.load(invitation.invitedById),
};
