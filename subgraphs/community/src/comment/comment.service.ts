import { roleAtLeast, type Viewer } from '@plaza/auth';
import { afterId, DomainError, idCursor, notFound, requireMember, requireRole, toConnection, type ConnectionArgs } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { Db, PrismaClient } from '../db.ts';
import { awardPoints } from '../gamification/points.ts';
import { assertCanPostInGroup, canModerateGroup } from '../group/group-access.ts';
import type { ActiveMembers } from '../member/member-access.ts';
import { mentionedMembers, recordMentions } from '../mention/mentions.ts';
import { recordDomainEvent } from '../post/domain-events.ts';
import { loadContentScope, type ContentScope } from '../post/post-scope.ts';
import { PostRepository, type PostRecord } from '../post/post.repository.ts';
import { CommentRepository, type CommentPage, type CommentRecord } from './comment.repository.ts';
import type { createCommentInput, updateCommentInput } from './comment.validation.ts';

/**
 * Soft-deletes a comment (a top-level one with its replies) and keeps the counters exact: the
 * post's commentCount and the parent's replyCount drop by what was live. For moderation too: pass
 * the transaction, after checking who may delete. Returns how many comments were removed.
 */
export async function softDeleteComment(tx: Db, comment: Pick<CommentRecord, 'id' | 'postId' | 'parentId'>): Promise<number> {
  const removed = await new CommentRepository(tx).softDeleteWithReplies(comment.id, new Date());
  if (removed === 0) return 0;
  await new PostRepository(tx).addToCounts(comment.postId, { commentCount: -removed });
  if (comment.parentId) await new CommentRepository(tx).addToCounts(comment.parentId, { replyCount: -1 });
  return removed;
}

export class CommentService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

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
    return this.deps.prisma.$transaction(async (tx) => {
      const post = await this.findPostToWriteOn(tx, viewer, await loadContentScope(tx, viewer), input.postId);
      const comments = new CommentRepository(tx);
      const answered = input.replyToId ? await comments.findLiveOnPostForUpdate(organizationId, post.id, input.replyToId) : null;
      if (input.replyToId && !answered) throw notFound('Comment', input.replyToId);
      const parentId = answered ? (answered.parentId ?? answered.id) : null;
      const comment = await comments.create({ organizationId, postId: post.id, parentId, inReplyToId: answered?.id ?? null, authorId: userId, body: input.body });
      await new PostRepository(tx).addToCounts(post.id, { commentCount: 1 });
      if (parentId) await comments.addToCounts(parentId, { replyCount: 1 });
      await awardPoints(tx, { organizationId, userId, action: 'COMMENT_CREATED', subject: { type: 'Comment', id: comment.id } });
      await recordDomainEvent(tx, {
        type: 'community.comment.created',
        organizationId,
        actorId: userId,
        subject: { type: 'Comment', id: comment.id },
        payload: { commentId: comment.id, postId: post.id, authorId: userId, postAuthorId: post.authorId, parentCommentAuthorId: answered?.authorId ?? null },
      });
      await recordMentions(tx, viewer, { type: 'Comment', id: comment.id }, mentioned);
      return comment;
    });
  }

  /** Edits the viewer's own comment; newly mentioned members are recorded. */
  async update(viewer: Viewer, input: z.output<typeof updateCommentInput>, members: ActiveMembers): Promise<CommentRecord> {
    const member = requireRole(viewer, 'MEMBER');
    const mentioned = await mentionedMembers(members, input.body);
    return this.deps.prisma.$transaction(async (tx) => {
      const comment = await this.findWritable(tx, viewer, input.id);
      if (comment.authorId !== member.userId) {
        throw new DomainError('FORBIDDEN', `Only the author may edit comment ${comment.id}`, { commentId: comment.id });
      }
      if (comment.body === input.body) return comment;
      const updated = await new CommentRepository(tx).update(comment.id, { body: input.body, editedAt: new Date() });
      await recordMentions(tx, viewer, { type: 'Comment', id: comment.id }, mentioned);
      return updated;
    });
  }

  /** Soft-deletes a comment (and its replies): its author, or a moderator of the organization or of the post's group. */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const member = requireRole(viewer, 'MEMBER');
    return this.deps.prisma.$transaction(async (tx) => {
      const scope = await loadContentScope(tx, viewer);
      const comment = await new CommentRepository(tx).findLiveForUpdate(member.organizationId, id);
      const [post] = comment ? await new PostRepository(tx).findByIds(scope, [comment.postId]) : [];
      if (!comment || !post || (comment.hiddenAt && !scope.seesHidden)) throw notFound('Comment', id);
      const moderates = roleAtLeast(member.role, 'MODERATOR') || (post.groupId ? await canModerateGroup(tx, viewer, post.groupId) : false);
      if (comment.authorId !== member.userId && !moderates) {
        throw new DomainError('FORBIDDEN', `Only the author or a moderator may delete comment ${comment.id}`, { commentId: comment.id });
      }
      return (await softDeleteComment(tx, comment)) > 0;
    });
  }

  /**
   * The live, unhidden post to comment on, locked. NOT_FOUND when deleted, hidden, or not visible;
   * in a group, FORBIDDEN for the banned and non-members (as for posting there).
   */
  private async findPostToWriteOn(tx: Db, viewer: Viewer, scope: ContentScope, postId: string): Promise<PostRecord> {
    const posts = new PostRepository(tx);
    // Group posts are looked up beyond the scope first, so a banned or non-member viewer gets the
    // group's FORBIDDEN rather than a NOT_FOUND that would differ from posting there.
    const inGroup = await tx.post.findFirst({
      where: { id: postId, organizationId: scope.organizationId, groupId: { not: null }, deletedAt: null, hiddenAt: null },
      select: { groupId: true },
    });
    if (inGroup?.groupId) await assertCanPostInGroup(tx, viewer, inGroup.groupId);
    const post = await posts.findLiveForUpdate(inGroup?.groupId ? { ...scope, groupIds: [...scope.groupIds, inGroup.groupId] } : scope, postId);
    if (!post) throw notFound('Post', postId);
    return post;
  }

  private async findWritable(tx: Db, viewer: Viewer, id: string): Promise<CommentRecord> {
    const scope = await loadContentScope(tx, viewer);
    const comment = await new CommentRepository(tx).findLiveForUpdate(scope.organizationId, id);
    const [post] = comment && !comment.hiddenAt ? await new PostRepository(tx).findByIds(scope, [comment.postId]) : [];
    if (!comment || !post || post.hiddenAt) throw notFound('Comment', id);
    return comment;
  }
}
