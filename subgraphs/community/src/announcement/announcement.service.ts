import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  DomainError,
  decodeCursor,
  encodeCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { CommunityRepositories } from '../repositories.ts';
import type { AnnouncementPosition, AnnouncementRecord } from './announcement.repository.ts';
import type { announcementsArgs, createAnnouncementInput, updateAnnouncementInput } from './announcement.validation.ts';

const announcementCursor = (row: AnnouncementRecord) => encodeCursor([row.pinned ? 1 : 0, row.id]);

function afterAnnouncement(after: string | null | undefined): AnnouncementPosition | undefined {
  if (!after) return undefined;
  const [pinned, id] = decodeCursor(after);
  if ((pinned !== 0 && pinned !== 1) || typeof id !== 'string') {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${after}" is not an announcement cursor`, { field: 'after' });
  }
  return { pinned: pinned === 1, id };
}

export class AnnouncementService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories>; now?: () => Date }) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Every member reads live announcements; expired ones are listed for admins who ask (FORBIDDEN otherwise). */
  async list(viewer: Viewer, args: z.output<typeof announcementsArgs>) {
    const member = requireMember(viewer);
    if (args.includeExpired && !roleAtLeast(member.role, 'ADMIN')) {
      throw new DomainError('FORBIDDEN', `Expired announcements are for admins and owners; you are ${member.role}`, {
        field: 'includeExpired',
      });
    }
    const rows = await this.deps.data.repositories(viewer).announcements.list(member.organizationId, {
      liveAt: args.includeExpired ? null : this.now(),
      after: afterAnnouncement(args.after),
      take: args.first + 1,
    });
    return toConnection(rows, args.first, announcementCursor);
  }

  async find(viewer: Viewer, id: string, load: (id: string) => Promise<AnnouncementRecord | null>): Promise<AnnouncementRecord> {
    requireMember(viewer);
    const announcement = await load(id);
    if (!announcement) throw notFound('Announcement', id);
    return announcement;
  }

  create(viewer: Viewer, input: z.output<typeof createAnnouncementInput>): Promise<AnnouncementRecord> {
    const { organizationId, userId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.repositories(viewer).announcements.create({ organizationId, authorId: userId, ...input });
  }

  async update(viewer: Viewer, { id, ...changes }: z.output<typeof updateAnnouncementInput>): Promise<AnnouncementRecord> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ announcements }) => {
      const [announcement] = await announcements.findByIds(organizationId, [id]);
      if (!announcement) throw notFound('Announcement', id);
      return announcements.update(announcement.id, changes);
    });
  }

  async delete(viewer: Viewer, id: string): Promise<string> {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ announcements }) => {
      const [announcement] = await announcements.findByIds(organizationId, [id]);
      if (!announcement) throw notFound('Announcement', id);
      await announcements.softDelete(announcement.id, this.now());
      return announcement.id;
    });
  }
}
