import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { ExternalRequestResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import {
  assigneeSchema,
  createExternalRequestSourceInput,
  externalRequestFilterArgs,
  submitExternalRequestInput,
  updateExternalRequestStatusInput,
} from './external-request.validation.ts';

export const externalRequestQueries: QueryResolvers = {
  externalRequests: (_, { status, type, source, ...page }, { viewer, services }) =>
    services.externalRequests.list(viewer, {
      ...parseInput(connectionArgsSchema, page),
      ...parseInput(externalRequestFilterArgs, { status, type, source }),
    }),
  externalRequest: (_, { id }, { viewer, services }) => services.externalRequests.findVisible(viewer, parseInput(idSchema, id)),
};

export const externalRequestMutations: MutationResolvers = {
  submitExternalRequest: (_, { input }, { viewer, services }) =>
    services.externalRequests.submit(viewer, parseInput(submitExternalRequestInput, input)),
  assignExternalRequest: (_, { id, assigneeId }, { viewer, services }) =>
    services.externalRequests.assign(viewer, parseInput(idSchema, id), parseInput(assigneeSchema, assigneeId ?? null)),
  updateExternalRequestStatus: (_, { id, input }, { viewer, services }) =>
    services.externalRequests.updateStatus(viewer, parseInput(idSchema, id), parseInput(updateExternalRequestStatusInput, input)),
  convertExternalRequestToBooking: (_, { id }, { viewer, services }) =>
    services.externalRequests.convertToBooking(viewer, parseInput(idSchema, id)),
  createExternalRequestSource: (_, { input }, { viewer, services }) =>
    services.externalRequests.createSource(viewer, parseInput(createExternalRequestSourceInput, input)),
};

export const ExternalRequest: ExternalRequestResolvers = {
  requestedResource: (request, _, { loaders }) =>
    request.requestedResourceId ? loaders.resourceById.load(request.requestedResourceId) : null,
  assignee: (request) => (request.assigneeId ? { id: request.assigneeId } : null),
  booking: (request, _, { loaders }) => (request.bookingId ? loaders.bookingById.load(request.bookingId) : null),
  attachments: (request, _, { loaders }) => loaders.attachmentsByRequestId.load(request.id),
};
