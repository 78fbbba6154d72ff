import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { FileResolvers, MutationResolvers, PostResolvers, QueryResolvers } from '../generated/graphql.ts';
import type { AttachmentVisibility } from './file.service.ts';
import { attachFilesToPostInput, uploadFileInput } from './file.validation.ts';

/** Visibility of what files hang on, through the request's scoped loaders. */
const visibilityOf = ({ loaders }: CommunityContext): AttachmentVisibility => ({
  canSeeMessage: async (id) => (await loaders.messageById.load(id)) !== null,
  canSeePost: async (id) => (await loaders.postById.load(id)) !== null,
});

export const fileQueries: QueryResolvers = {
  file: (_, { id }, context) =>
    context.services.files.find(
      context.viewer,
      parseInput(idSchema, id),
      (fileId) => context.loaders.fileById.load(fileId),
      visibilityOf(context),
    ),
};

export const fileMutations: MutationResolvers = {
  uploadFile: (_, { input }, { viewer, services }) => services.files.upload(viewer, parseInput(uploadFileInput, input)),
  attachFilesToPost: (_, { input }, { viewer, services, loaders }) =>
    services.files.attachToPost(viewer, parseInput(attachFilesToPostInput, input), (postId) => loaders.postById.load(postId)),
  deleteFile: (_, { id }, context) => context.services.files.delete(context.viewer, parseInput(idSchema, id), visibilityOf(context)),
};

export const File: FileResolvers = {
  __resolveReference: async (reference, context) => {
    const file = await context.loaders.fileById.load(reference.id);
    return file && (await context.services.files.isVisible(context.viewer, file, visibilityOf(context))) ? file : null;
  },
  uploader: (file) => ({ id: file.uploaderId }),
  contentBase64: (file, _, { services }) => services.files.contentBase64(file),
};

/** Fields files add to posts. */
export const postFileFields: PostResolvers = {
  attachments: (post, _, { loaders }) => loaders.filesByPostId.load(post.id),
};
