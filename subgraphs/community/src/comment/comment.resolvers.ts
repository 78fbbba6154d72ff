import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommentResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { createCommentInput, updateCommentInput } from './comment.validation.ts';

export const commentQueries: QueryResolvers = {
  comment: (_, { id }, { viewer, services, loaders }) =>
    services.comments.find(viewer, parseInput(idSchema, id), (commentId) => loaders.commentById.load(commentId)),
};

export const commentMutations: MutationResolvers = {
  createComment: (_, { input }, { viewer, services, loaders }) =>
    services.comments.create(viewer, parseInput(createCommentInput, input), loaders.activeMemberByUserId),
  updateComment: (_, { input }, { viewer, services, loaders }) =>
    services.comments.update(viewer, parseInput(updateCommentInput, input), loaders.activeMemberByUserId),
};

const noComments = { edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };

export const Comment: CommentResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.commentById.load(reference.id),
  author: (comment) => ({ id: comment.authorId }),
  post: (comment, _, { loaders }) => loaders.postById.load(comment.postId),
  parent: (comment, _, { loaders }) => (comment.parentId ? loaders.commentById.load(comment.parentId) : null),
  inReplyTo: (comment, _, { loaders }) => (comment.inReplyToId ? loaders.commentById.load(comment.inReplyToId) : null),
  // Replies nest one level: a reply has none of its own.
  replies: (comment, args, { services, loaders }) => {
    const page = parseInput(connectionArgsSchema, args);
    if (comment.parentId) return noComments;
    return services.comments.page(page, (p) => loaders.repliesByCommentId.load({ parentId: comment.id, ...p }));
  },
  reactions: (comment, _, { loaders }) => loaders.reactionSummaryBySubject.load({ parentId: comment.id, subjectType: 'COMMENT' }),
};
