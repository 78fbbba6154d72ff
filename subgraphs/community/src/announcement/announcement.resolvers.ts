import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { AnnouncementRecord } from './announcement.repository.ts';
import { announcementsArgs, createAnnouncementInput, updateAnnouncementInput } from './announcement.validation.ts';

export const announcementQueries = {
  announcements: (_: unknown, args: unknown, { viewer, services }: CommunityContext) =>
    services.announcements.list(viewer, parseInput(announcementsArgs, args)),
  announcement: (_: unknown, args: { id: string }, { viewer, services, loaders }: CommunityContext) =>
    services.announcements.find(viewer, parseInput(idSchema, args.id), (id) => loaders.announcementById.load(id)),
};

export const announcementMutations = {
  createAnnouncement: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.announcements.create(viewer, parseInput(createAnnouncementInput, args.input)),
  updateAnnouncement: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.announcements.update(viewer, parseInput(updateAnnouncementInput, args.input)),
  deleteAnnouncement: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.announcements.delete(viewer, parseInput(idSchema, args.id)),
};

export const Announcement = {
  __resolveReference: (reference: { id: string }, { loaders }: CommunityContext) => loaders.announcementById.load(reference.id),
  author: (announcement: AnnouncementRecord) => ({ id: announcement.authorId }),
};
