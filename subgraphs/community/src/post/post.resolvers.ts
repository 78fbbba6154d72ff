import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import { latestCommentsArgs } from '../comment/comment.validation.ts';
import type { PostRecord, PostRevisionRecord } from './post.repository.ts';
import { createPostInput, pinPostInput, updatePostInput } from './post.validation.ts';

export const postQueries = {
  post: (_: unknown, args: { id: string }, { viewer, services, loaders }: CommunityContext) =>
    services.posts.find(viewer, parseInput(idSchema, args.id), (id) => loaders.postById.load(id)),
};

export const postMutations = {
  createPost: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.posts.create(viewer, parseInput(createPostInput, args.input), loaders.activeMemberByUserId),
  updatePost: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.posts.update(viewer, parseInput(updatePostInput, args.input), loaders.activeMemberByUserId),
  pinPost: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.posts.pin(viewer, parseInput(pinPostInput, args.input)),
};

export const Post = {
  __resolveReference: (reference: { id: string }, { loaders }: CommunityContext) => loaders.postById.load(reference.id),
  // Identity resolves the rest of the user, and hides users the viewer may not see.
  author: (post: PostRecord) => ({ id: post.authorId }),
  space: (post: PostRecord, _: unknown, { loaders }: CommunityContext) => (post.spaceId ? loaders.spaceById.load(post.spaceId) : null),
  group: (post: PostRecord, _: unknown, { loaders }: CommunityContext) => (post.groupId ? loaders.groupById.load(post.groupId) : null),
  reactions: (post: PostRecord, _: unknown, { loaders }: CommunityContext) =>
    loaders.reactionSummaryBySubject.load({ subjectType: 'POST', subjectId: post.id }),
  comments: (post: PostRecord, args: { first?: number; after?: string }, { services, loaders }: CommunityContext) =>
    services.comments.page(parseInput(connectionArgsSchema, args), (page) => loaders.commentsByPostId.load({ parentId: post.id, ...page })),
  latestComments: (post: PostRecord, args: { first?: number }, { loaders }: CommunityContext) =>
    loaders.latestCommentsByPostId.load({ postId: post.id, take: parseInput(latestCommentsArgs, args).first }),
  revisions: (post: PostRecord, _: unknown, { loaders }: CommunityContext) => loaders.revisionsByPostId.load(post.id),
};

export const PostRevision = {
  editor: (revision: PostRevisionRecord) => ({ id: revision.editorId }),
  replacedAt: (revision: PostRevisionRecord) => revision.createdAt,
};
