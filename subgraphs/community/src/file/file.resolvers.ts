import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { AttachmentVisibility } from './file.service.ts';
import type { FileRecord } from './file.repository.ts';
import { attachFilesToPostInput, uploadFileInput } from './file.validation.ts';

/** Visibility of what files hang on, through the request's scoped loaders. */
const visibilityOf = ({ loaders }: CommunityContext): AttachmentVisibility => ({
  canSeeMessage: async (id) => (await loaders.messageById.load(id)) !== null,
  canSeePost: async (id) => (await loaders.postById.load(id)) !== null,
});

export const fileQueries = {
  file: (_: unknown, args: { id: string }, context: CommunityContext) =>
    context.services.files.find(context.viewer, parseInput(idSchema, args.id), (id) => context.loaders.fileById.load(id), visibilityOf(context)),
};

export const fileMutations = {
  uploadFile: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.files.upload(viewer, parseInput(uploadFileInput, args.input)),
  attachFilesToPost: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.files.attachToPost(viewer, parseInput(attachFilesToPostInput, args.input), (id) => loaders.postById.load(id)),
  deleteFile: (_: unknown, args: { id: string }, context: CommunityContext) =>
    context.services.files.delete(context.viewer, parseInput(idSchema, args.id), visibilityOf(context)),
};

export const File = {
  __resolveReference: async (reference: { id: string }, context: CommunityContext) => {
    const file = await context.loaders.fileById.load(reference.id);
    return file && (await context.services.files.isVisible(context.viewer, file, visibilityOf(context))) ? file : null;
  },
  uploader: (file: FileRecord) => ({ id: file.uploaderId }),
  contentBase64: (file: FileRecord, _: unknown, { services }: CommunityContext) => services.files.contentBase64(file),
};

/** Fields files add to posts. */
export const postFileFields = {
  attachments: (post: { id: string }, _: unknown, { loaders }: CommunityContext) => loaders.filesByPostId.load(post.id),
};
