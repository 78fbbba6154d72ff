import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { ContactResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { contactStageSchema, contactsArgs, createContactInput } from './contact.validation.ts';

export const contactQueries: QueryResolvers = {
  contacts: (_, { stage, ...page }, { viewer, services }) =>
    services.contacts.list(viewer, { ...parseInput(connectionArgsSchema, page), ...parseInput(contactsArgs, { stage }) }),
  contact: (_, { id }, { viewer, services, loaders }) =>
    services.contacts.findVisible(viewer, parseInput(idSchema, id), (contactId) => loaders.contactById.load(contactId)),
};

export const contactMutations: MutationResolvers = {
  createContact: (_, { input }, { viewer, services }) => services.contacts.create(viewer, parseInput(createContactInput, input)),
  updateContactStage: (_, { id, stage }, { viewer, services }) =>
    services.contacts.updateStage(viewer, parseInput(idSchema, id), parseInput(contactStageSchema, stage)),
};

export const Contact: ContactResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.contactById.load(reference.id),
  // Identity resolves the user and decides whether the viewer may see them.
  owner: (contact) => ({ id: contact.ownerId }),
  user: (contact) => (contact.userId ? { id: contact.userId } : null),
};
