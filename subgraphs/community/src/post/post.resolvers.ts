import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import { latestCommentsArgs } from '../comment/comment.validation.ts';
import type { MutationResolvers, PostResolvers, PostRevisionResolvers, QueryResolvers } from '../generated/graphql.ts';
import { createPostInput, pinPostInput, updatePostInput } from './post.validation.ts';

export const postQueries: QueryResolvers = {
  post: (_, { id }, { viewer, services, loaders }) =>
    services.posts.find(viewer, parseInput(idSchema, id), (postId) => loaders.postById.load(postId)),
};

export const postMutations: MutationResolvers = {
  createPost: (_, { input }, { viewer, services, loaders }) =>
    services.posts.create(viewer, parseInput(createPostInput, input), loaders.activeMemberByUserId),
  updatePost: (_, { input }, { viewer, services, loaders }) =>
    services.posts.update(viewer, parseInput(updatePostInput, input), loaders.activeMemberByUserId),
  pinPost: (_, { input }, { viewer, services }) => services.posts.pin(viewer, parseInput(pinPostInput, input)),
};

export const Post: PostResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.postById.load(reference.id),
  // Identity resolves the rest of the user, and hides users the viewer may not see.
  author: (post) => ({ id: post.authorId }),
  space: (post, _, { loaders }) => (post.spaceId ? loaders.spaceById.load(post.spaceId) : null),
  group: (post, _, { loaders }) => (post.groupId ? loaders.groupById.load(post.groupId) : null),
  reactions: (post, _, { loaders }) => loaders.reactionSummaryBySubject.load({ parentId: post.id, subjectType: 'POST' }),
  comments: (post, args, { services, loaders }) =>
    services.comments.page(parseInput(connectionArgsSchema, args), (page) => loaders.commentsByPostId.load({ parentId: post.id, ...page })),
  latestComments: (post, args, { loaders }) =>
    loaders.latestCommentsByPostId.load({ parentId: post.id, take: parseInput(latestCommentsArgs, args).first }),
  revisions: (post, _, { loaders }) => loaders.revisionsByPostId.load(post.id),
};

export const PostRevision: PostRevisionResolvers = {
  editor: (revision) => ({ id: revision.editorId }),
  replacedAt: (revision) => revision.createdAt,
};
