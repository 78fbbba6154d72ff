import { parseInput } from '@plaza/subgraph-kit';
import type { IdentityContext } from '../context.ts';
import type { InvitationRecord } from './invitation.repository.ts';
import { invitationTokenSchema, inviteMemberInput } from './invitation.validation.ts';

export const invitationMutations = {
  inviteMember: (_: unknown, args: { input: unknown }, { viewer, services }: IdentityContext) =>
    services.invitations.invite(viewer, parseInput(inviteMemberInput, args.input)),
  acceptInvitation: (_: unknown, args: { token: string }, { viewer, services }: IdentityContext) =>
    services.invitations.accept(viewer, parseInput(invitationTokenSchema, args.token)),
};

export const Invitation = {
  invitedBy: (invitation: InvitationRecord, _: unknown, { loaders }: IdentityContext) =>
    loaders.visibleUserById.load(invitation.invitedById),
};
