import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, OrganizationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { createOrganizationInput } from './organization.validation.ts';

export const organizationQueries: QueryResolvers = {
  organization: (_, { id }, { viewer, services, loaders }) =>
    services.organizations.findForViewer(
      viewer,
      (organizationId) => loaders.organizationById.load(organizationId),
      parseInput(idSchema.nullish(), id),
    ),
};

export const organizationMutations: MutationResolvers = {
  createOrganization: (_, { input }, { viewer, services }) =>
    services.organizations.create(viewer, parseInput(createOrganizationInput, input)),
};

export const Organization: OrganizationResolvers = {
  /** Only organizations the viewer belongs to resolve; others are null, as if they did not exist. */
  __resolveReference: async (reference, { viewer, loaders }) => {
    if (!viewer.userId) return null;
    const mine = await loaders.organizationsByMemberId.load(viewer.userId);
    return mine.find((org) => org.id === reference.id) ?? null;
  },
  settings: (org) => org.settings ?? {},
  viewerRole: async (org, _, { viewer, loaders }) => {
    if (!viewer.userId) return null;
    const mine = await loaders.organizationsByMemberId.load(viewer.userId);
    return mine.find((membership) => membership.id === org.id)?.role ?? null;
  },
  members: (org, args, { viewer, services }) => services.memberships.listMembers(viewer, org.id, parseInput(connectionArgsSchema, args)),
  pendingInvitations: (org, _, { viewer, services }) => services.invitations.listPending(viewer, org.id),
};
