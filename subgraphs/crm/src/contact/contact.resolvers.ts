import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CrmContext } from '../context.ts';
import type { ContactRecord } from './contact.repository.ts';
import { contactsArgs, contactStageSchema, createContactInput } from './contact.validation.ts';

export const contactQueries = {
  contacts: (_: unknown, args: { first?: number; after?: string; stage?: string }, { viewer, services }: CrmContext) =>
    services.contacts.list(viewer, { ...parseInput(connectionArgsSchema, args), ...parseInput(contactsArgs, args) }),
  contact: (_: unknown, args: { id: string }, { viewer, services, loaders }: CrmContext) =>
    services.contacts.findVisible(viewer, parseInput(idSchema, args.id), (id) => loaders.contactById.load(id)),
};

export const contactMutations = {
  createContact: (_: unknown, args: { input: unknown }, { viewer, services }: CrmContext) =>
    services.contacts.create(viewer, parseInput(createContactInput, args.input)),
  updateContactStage: (_: unknown, args: { id: string; stage: string }, { viewer, services }: CrmContext) =>
    services.contacts.updateStage(viewer, parseInput(idSchema, args.id), parseInput(contactStageSchema, args.stage)),
};

export const Contact = {
  __resolveReference: (reference: { id: string }, { loaders }: CrmContext) => loaders.contactById.load(reference.id),
  // Identity resolves the user and decides whether the viewer may see them.
  owner: (contact: ContactRecord) => ({ __typename: 'User', id: contact.ownerId }),
  user: (contact: ContactRecord) => (contact.userId ? { __typename: 'User', id: contact.userId } : null),
};
