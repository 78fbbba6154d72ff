import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const fileSelect = {
  id: true,
  organizationId: true,
  uploaderId: true,
  name: true,
  mimeType: true,
  size: true,
  storageKey: true,
  messageId: true,
  postId: true,
  createdAt: true,
} satisfies Prisma.FileSelect;

export type FileRecord = Prisma.FileGetPayload<{ select: typeof fileSelect }>;

export type AttachTarget = { messageId: string } | { postId: string };

export class FileRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<FileRecord[]> {
    return this.db.file.findMany({ where: { organizationId, id: { in: [...ids] } }, select: fileSelect });
  }

  /** Files attached to the messages, oldest first. */
  async byMessageIds(organizationId: string, messageIds: readonly string[]): Promise<(FileRecord & { messageId: string })[]> {
    const rows = await this.db.file.findMany({
      where: { organizationId, messageId: { in: [...messageIds] } },
      orderBy: { id: 'asc' },
      select: fileSelect,
    });
    return rows.flatMap(({ messageId, ...file }) => (messageId ? [{ ...file, messageId }] : []));
  }

  /** Files attached to the posts, oldest first. */
  async byPostIds(organizationId: string, postIds: readonly string[]): Promise<(FileRecord & { postId: string })[]> {
    const rows = await this.db.file.findMany({
      where: { organizationId, postId: { in: [...postIds] } },
      orderBy: { id: 'asc' },
      select: fileSelect,
    });
    return rows.flatMap(({ postId, ...file }) => (postId ? [{ ...file, postId }] : []));
  }

  create(data: Omit<FileRecord, 'id' | 'createdAt' | 'messageId' | 'postId'>): Promise<FileRecord> {
    return this.db.file.create({ data, select: fileSelect });
  }

  /**
   * Attaches the uploader's unattached files in one conditional update, so two attaches of the
   * same file cannot both win. Returns how many were attached.
   */
  async attach(organizationId: string, uploaderId: string, fileIds: readonly string[], target: AttachTarget): Promise<number> {
    const { count } = await this.db.file.updateMany({
      where: { organizationId, uploaderId, id: { in: [...fileIds] }, messageId: null, postId: null },
      data: target,
    });
    return count;
  }

  async delete(id: string): Promise<void> {
    await this.db.file.delete({ where: { id }, select: { id: true } });
  }
}
