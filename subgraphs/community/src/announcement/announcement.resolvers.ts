import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { AnnouncementResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { announcementsArgs, createAnnouncementInput, updateAnnouncementInput } from './announcement.validation.ts';

export const announcementQueries: QueryResolvers = {
  announcements: (_, args, { viewer, services }) => services.announcements.list(viewer, parseInput(announcementsArgs, args)),
  announcement: (_, { id }, { viewer, services, loaders }) =>
    services.announcements.find(viewer, parseInput(idSchema, id), (announcementId) => loaders.announcementById.load(announcementId)),
};

export const announcementMutations: MutationResolvers = {
  createAnnouncement: (_, { input }, { viewer, services }) =>
    services.announcements.create(viewer, parseInput(createAnnouncementInput, input)),
  updateAnnouncement: (_, { input }, { viewer, services }) =>
    services.announcements.update(viewer, parseInput(updateAnnouncementInput, input)),
  deleteAnnouncement: (_, { id }, { viewer, services }) => services.announcements.delete(viewer, parseInput(idSchema, id)),
};

export const Announcement: AnnouncementResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.announcementById.load(reference.id),
  author: (announcement) => ({ id: announcement.authorId }),
};
