import { randomUUID } from 'node:crypto';
import { roleAtLeast, type Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember, requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { CommunityRepositories } from '../repositories.ts';
import type { FileStorage } from './file-storage.ts';
import { attachFiles } from './file-attach.ts';
import type { FileRecord } from './file.repository.ts';
import type { attachFilesToPostInput, uploadFileInput } from './file.validation.ts';

/** How the service asks whether the viewer may see what a file is attached to (the request's loaders). */
export interface AttachmentVisibility {
  canSeeMessage(messageId: string): Promise<boolean>;
  canSeePost(postId: string): Promise<boolean>;
}

export class FileService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories>; storage: FileStorage }) {}

  /**
   * Stores an upload's bytes, then its metadata. Until attached to a message or post, only the
   * uploader sees it. If the metadata cannot be written, the bytes are removed again.
   */
  async upload(viewer: Viewer, input: z.output<typeof uploadFileInput>): Promise<FileRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MEMBER');
    const storageKey = `${organizationId}/${randomUUID()}`;
    await this.deps.storage.put(storageKey, input.bytes);
    try {
      return await this.deps.data.repositories(viewer).files.create({
        organizationId,
        uploaderId: userId,
        name: input.name,
        mimeType: input.mimeType,
        size: input.bytes.length,
        storageKey,
      });
    } catch (error) {
      await this.deps.storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
  }

  /** Whether the viewer may see the file: their own upload, or attached to something they see. */
  async isVisible(viewer: Viewer, file: FileRecord, visibility: AttachmentVisibility): Promise<boolean> {
    const { userId } = requireMember(viewer);
    if (file.uploaderId === userId) return true;
    if (file.messageId) return visibility.canSeeMessage(file.messageId);
    if (file.postId) return visibility.canSeePost(file.postId);
    return false;
  }

  async find(
    viewer: Viewer,
    id: string,
    load: (id: string) => Promise<FileRecord | null>,
    visibility: AttachmentVisibility,
  ): Promise<FileRecord> {
    requireMember(viewer);
    const file = await load(id);
    if (!file || !(await this.isVisible(viewer, file, visibility))) throw notFound('File', id);
    return file;
  }

  /** The bytes, base64-encoded. The caller has already established the file is visible. */
  async contentBase64(file: FileRecord): Promise<string> {
    const bytes = await this.deps.storage.get(file.storageKey);
    if (!bytes)
      throw new DomainError('NOT_FOUND', `The content of file ${file.id} is missing from storage`, { entity: 'File', id: file.id });
    return bytes.toString('base64');
  }

  /**
   * Attaches uploads to a post the viewer wrote. `loadPost` is the request's loader of posts the
   * viewer may see (NOT_FOUND otherwise).
   */
  async attachToPost(
    viewer: Viewer,
    input: z.output<typeof attachFilesToPostInput>,
    loadPost: (id: string) => Promise<{ id: string; authorId: string } | null>,
  ): Promise<FileRecord[]> {
    const { organizationId, userId } = requireRole(viewer, 'MEMBER');
    const post = await loadPost(input.postId);
    if (!post) throw notFound('Post', input.postId);
    if (post.authorId !== userId)
      throw new DomainError('FORBIDDEN', `Only the author may attach files to post ${post.id}`, { postId: post.id });
    return this.deps.data.transaction(viewer, async ({ files }) => {
      await attachFiles(files, viewer, input.fileIds, { postId: post.id });
      return files.byPostIds(organizationId, [post.id]);
    });
  }

  /** Removes a file and its bytes: the uploader's own, or any for moderators. */
  async delete(viewer: Viewer, id: string, visibility: AttachmentVisibility): Promise<string> {
    const member = requireMember(viewer);
    const { files } = this.deps.data.repositories(viewer);
    const [file] = await files.findByIds(member.organizationId, [id]);
    const moderator = roleAtLeast(member.role, 'MODERATOR');
    if (!file || (!moderator && !(await this.isVisible(viewer, file, visibility)))) throw notFound('File', id);
    if (file.uploaderId !== member.userId && !moderator) {
      throw new DomainError('FORBIDDEN', `Only the uploader or a moderator may delete file ${id}`, { fileId: id });
    }
    await files.delete(file.id);
    await this.deps.storage.delete(file.storageKey);
    return file.id;
  }
}
