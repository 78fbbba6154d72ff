import { idSchema, parseInput } from '@plaza/subgraph-kit';
import { z } from 'zod';
import type { IdentityContext } from '../context.ts';
import type { MembershipRecord } from './membership.repository.ts';

const roleSchema = z.enum(['OWNER', 'ADMIN', 'MODERATOR', 'MEMBER', 'VIEWER']);

export const membershipMutations = {
  updateMemberRole: (_: unknown, args: { userId: string; role: string }, { viewer, services }: IdentityContext) =>
    services.memberships.updateMemberRole(viewer, parseInput(idSchema, args.userId), parseInput(roleSchema, args.role)),
  removeMember: (_: unknown, args: { userId: string }, { viewer, services }: IdentityContext) =>
    services.memberships.removeMember(viewer, parseInput(idSchema, args.userId)),
};

export const Membership = {
  user: (membership: MembershipRecord, _: unknown, { loaders }: IdentityContext) => loaders.userById.load(membership.userId),
  organization: (membership: MembershipRecord, _: unknown, { loaders }: IdentityContext) =>
    loaders.organizationById.load(membership.organizationId),
};
