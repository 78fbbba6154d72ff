import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { CommentRecord } from './comment.repository.ts';
import { createCommentInput, updateCommentInput } from './comment.validation.ts';

export const commentQueries = {
  comment: (_: unknown, args: { id: string }, { viewer, services, loaders }: CommunityContext) =>
    services.comments.find(viewer, parseInput(idSchema, args.id), (id) => loaders.commentById.load(id)),
};

export const commentMutations = {
  createComment: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.comments.create(viewer, parseInput(createCommentInput, args.input), loaders.activeMemberByUserId),
  updateComment: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.comments.update(viewer, parseInput(updateCommentInput, args.input), loaders.activeMemberByUserId),
};

const noComments = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

export const Comment = {
  __resolveReference: (reference: { id: string }, { loaders }: CommunityContext) => loaders.commentById.load(reference.id),
  author: (comment: CommentRecord) => ({ id: comment.authorId }),
  post: (comment: CommentRecord, _: unknown, { loaders }: CommunityContext) => loaders.postById.load(comment.postId),
  parent: (comment: CommentRecord, _: unknown, { loaders }: CommunityContext) => (comment.parentId ? loaders.commentById.load(comment.parentId) : null),
  inReplyTo: (comment: CommentRecord, _: unknown, { loaders }: CommunityContext) =>
    comment.inReplyToId ? loaders.commentById.load(comment.inReplyToId) : null,
  replies: (comment: CommentRecord, args: { first?: number; after?: string }, { services, loaders }: CommunityContext) => {
    const page = parseInput(connectionArgsSchema, args);
    if (comment.parentId) return noComments;
    return services.comments.page(page, (p) => loaders.repliesByCommentId.load({ parentId: comment.id, ...p }));
  },
  reactions: (comment: CommentRecord, _: unknown, { loaders }: CommunityContext) =>
    loaders.reactionSummaryBySubject.load({ subjectType: 'COMMENT', subjectId: comment.id }),
};
