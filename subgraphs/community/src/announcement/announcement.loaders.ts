import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { Viewer } from '@plaza/auth';
import type { PrismaClient } from '../db.ts';
import { AnnouncementRepository } from './announcement.repository.ts';

export function createAnnouncementLoaders(prisma: PrismaClient, viewer: Viewer) {
  const announcements = new AnnouncementRepository(prisma);
  const { organizationId } = viewer;
  return {
    /** Announcements of the viewer's organization (expired included), by id. */
    announcementById: createKeyedLoader(
      (ids: readonly string[]) => (organizationId && viewer.role ? announcements.findByIds(organizationId, ids) : Promise.resolve([])),
      (announcement) => announcement.id,
    ),
  };
}
