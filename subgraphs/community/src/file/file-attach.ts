import type { Viewer } from '@plaza/auth';
import { DomainError, requireMember } from '@plaza/subgraph-kit';
import type { AttachTarget, FileRepository } from './file.repository.ts';

/**
 * Attaches the viewer's own, not yet attached uploads to a message or a post, with the files
 * repository of the transaction that writes the message or post. BAD_USER_INPUT (field
 * `fileIds`) naming the files that are not such uploads: another user's, another
 * organization's, already attached, or unknown ids all read the same.
 */
export async function attachFiles(
  files: Pick<FileRepository, 'attach' | 'findByIds'>,
  viewer: Viewer,
  fileIds: readonly string[],
  target: AttachTarget,
): Promise<void> {
  if (fileIds.length === 0) return;
  const { organizationId, userId } = requireMember(viewer);
  const attached = await files.attach(organizationId, userId, fileIds, target);
  if (attached === fileIds.length) return;
  // Rare path: name the culprits. The transaction rolls back, so nothing stays half attached.
  const usable = new Set(
    (await files.findByIds(organizationId, fileIds))
      .filter(
        (file) =>
          file.uploaderId === userId &&
          (('messageId' in target && file.messageId === target.messageId) || ('postId' in target && file.postId === target.postId)),
      )
      .map((file) => file.id),
  );
  const refused = fileIds.filter((id) => !usable.has(id));
  throw new DomainError('BAD_USER_INPUT', `fileIds: ${refused.join(', ')} are not unattached uploads of yours`, {
    issues: [{ field: 'fileIds', message: 'must be your own unattached uploads' }],
    fileIds: refused,
  });
}
