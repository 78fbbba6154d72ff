import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { IdentityContext } from '../context.ts';
import { createOrganizationInput } from './organization.validation.ts';
import type { OrganizationRecord } from './organization.repository.ts';

export const organizationQueries = {
  organization: (_: unknown, args: { id?: string | null }, { viewer, services, loaders }: IdentityContext) =>
    services.organizations.findForViewer(viewer, (id) => loaders.organizationById.load(id), parseInput(idSchema.nullish(), args.id)),
};

export const organizationMutations = {
  createOrganization: (_: unknown, args: { input: unknown }, { viewer, services }: IdentityContext) =>
    services.organizations.create(viewer, parseInput(createOrganizationInput, args.input)),
};

export const Organization = {
  /** Only organizations the viewer belongs to resolve; others are null, as if they did not exist. */
  __resolveReference: async (reference: { id: string }, { viewer, loaders }: IdentityContext) => {
    if (!viewer.userId) return null;
    const mine = await loaders.organizationsByMemberId.load(viewer.userId);
    return mine.find((org) => org.id === reference.id) ?? null;
  },
  viewerRole: async (org: OrganizationRecord, _: unknown, { viewer, loaders }: IdentityContext) => {
    if (!viewer.userId) return null;
    const mine = await loaders.organizationsByMemberId.load(viewer.userId);
    return mine.find((membership) => membership.id === org.id)?.role ?? null;
  },
  members: (org: OrganizationRecord, args: { first?: number; after?: string }, { viewer, services }: IdentityContext) =>
    services.memberships.listMembers(viewer, org.id, parseInput(connectionArgsSchema, args)),
  pendingInvitations: (org: OrganizationRecord, _: unknown, { viewer, services }: IdentityContext) =>
    services.invitations.listPending(viewer, org.id),
};
