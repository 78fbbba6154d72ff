import type { Viewer } from '@plaza/auth';
import {
  afterId,
  DomainError,
  idCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { awardPoints } from '../gamification/points.ts';
import { assertCanPostInGroup } from '../group/group-access.ts';
import type { ActiveMembers } from '../member/member-access.ts';
import { mentionedMembers, recordMentions } from '../mention/mentions.ts';
import { loadContentScope, type ContentScope } from '../post/content-scope.ts';
import type { PostRecord } from '../post/post.repository.ts';
import { moderatesPost } from '../post/post.service.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { CommentPage, CommentRecord } from './comment.repository.ts';
import type { createCommentInput, updateCommentInput } from './comment.validation.ts';

export class CommentService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories>; now?: () => Date }) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async find(viewer: Viewer, id: string, load: (id: string) => Promise<CommentRecord | null>): Promise<CommentRecord> {
    requireMember(viewer);
    const comment = await load(id);
    if (!comment) throw notFound('Comment', id);
    return comment;
  }

  async page(args: ConnectionArgs, loadPage: (page: CommentPage) => Promise<CommentRecord[]>) {
    const rows = await loadPage({ afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  /**
   * Comments on a post, or replies to a comment. In one transaction: the comment, the post's
   * commentCount (and the parent's replyCount), the author's points, the comment.created event
   * and the mentions. The post row is locked first, so a concurrent delete or hide either happens
   * before (NOT_FOUND) or after (the comment counts).
   */
  async create(viewer: Viewer, input: z.output<typeof createCommentInput>, members: ActiveMembers): Promise<CommentRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MEMBER');
    const mentioned = await mentionedMembers(members, input.body);
    return this.deps.data.transaction(viewer, async (repositories) => {
      const { posts, comments, gamification, mentions, events } = repositories;
      const post = await findPostToWriteOn(repositories, viewer, await loadContentScope(repositories, viewer), input.postId);
      const answered = input.replyToId ? await comments.findLiveOnPostForUpdate(organizationId, post.id, input.replyToId) : null;
      if (input.replyToId && !answered) throw notFound('Comment', input.replyToId);
      const parentId = answered ? (answered.parentId ?? answered.id) : null;
      const comment = await comments.create({
        organizationId,
        postId: post.id,
        parentId,
        inReplyToId: answered?.id ?? null,
        authorId: userId,
        body: input.body,
      });
      await posts.addToCounts(post.id, { commentCount: 1 });
      if (parentId) await comments.addToCounts(parentId, { replyCount: 1 });
      await awardPoints(gamification, { organizationId, userId, action: 'COMMENT_CREATED', subject: { type: 'Comment', id: comment.id } });
      await events.record({
        type: 'community.comment.created',
        organizationId,
        actorId: userId,
        subject: { type: 'Comment', id: comment.id },
        payload: {
          commentId: comment.id,
          postId: post.id,
          authorId: userId,
          postAuthorId: post.authorId,
          parentCommentAuthorId: answered?.authorId ?? null,
        },
      });
      await recordMentions({ mentions, events }, viewer, { type: 'Comment', id: comment.id }, mentioned);
      return comment;
    });
  }

  /** Edits the viewer's own comment; newly mentioned members are recorded. */
  async update(viewer: Viewer, input: z.output<typeof updateCommentInput>, members: ActiveMembers): Promise<CommentRecord> {
    const member = requireRole(viewer, 'MEMBER');
    const mentioned = await mentionedMembers(members, input.body);
    return this.deps.data.transaction(viewer, async (repositories) => {
      const { comments, posts, mentions, events } = repositories;
      const scope = await loadContentScope(repositories, viewer);
      const comment = await comments.findLiveForUpdate(scope.organizationId, input.id);
      const [post] = comment && !comment.hiddenAt ? await posts.findByIds(scope, [comment.postId]) : [];
      if (!comment || !post || post.hiddenAt) throw notFound('Comment', input.id);
      if (comment.authorId !== member.userId) {
        throw new DomainError('FORBIDDEN', `Only the author may edit comment ${comment.id}`, { commentId: comment.id });
      }
      if (comment.body === input.body) return comment;
      const updated = await comments.update(comment.id, { body: input.body, editedAt: this.now() });
      await recordMentions({ mentions, events }, viewer, { type: 'Comment', id: comment.id }, mentioned);
      return updated;
    });
  }

  /**
   * Soft-deletes a comment (a top-level one with its replies): its author, or a moderator of the
   * organization or of the post's group. The post's commentCount and the parent's replyCount drop
   * by what was live, in the same transaction.
   */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const member = requireRole(viewer, 'MEMBER');
    return this.deps.data.transaction(viewer, async (repositories) => {
      const { comments, posts, groups } = repositories;
      const scope = await loadContentScope(repositories, viewer);
      const comment = await comments.findLiveForUpdate(member.organizationId, id);
      const [post] = comment ? await posts.findByIds(scope, [comment.postId]) : [];
      if (!comment || !post || (comment.hiddenAt && !scope.seesHidden)) throw notFound('Comment', id);
      if (comment.authorId !== member.userId && !(await moderatesPost(groups, viewer, post))) {
        throw new DomainError('FORBIDDEN', `Only the author or a moderator may delete comment ${comment.id}`, { commentId: comment.id });
      }
      const removed = await comments.softDeleteWithReplies(comment.id, this.now());
      if (removed === 0) return false;
      await posts.addToCounts(comment.postId, { commentCount: -removed });
      if (comment.parentId) await comments.addToCounts(comment.parentId, { replyCount: -1 });
      return true;
    });
  }
}

/**
 * The live, unhidden post to comment on, locked. NOT_FOUND when deleted, hidden, or not visible;
 * in a group, FORBIDDEN for the banned and non-members (as for posting there).
 */
async function findPostToWriteOn(
  { posts, groups }: Pick<CommunityRepositories, 'posts' | 'groups'>,
  viewer: Viewer,
  scope: ContentScope,
  postId: string,
): Promise<PostRecord> {
  // Group posts are looked up beyond the scope first, so a banned or non-member viewer gets the
  // group's FORBIDDEN rather than a NOT_FOUND that would differ from posting there.
  const groupId = await posts.findGroupIdOfLivePost(scope.organizationId, postId);
  if (groupId) await assertCanPostInGroup(groups, viewer, groupId);
  const post = await posts.findLiveForUpdate(groupId ? { ...scope, groupIds: [...scope.groupIds, groupId] } : scope, postId);
  if (!post) throw notFound('Post', postId);
  return post;
}
