import type { Viewer } from '@plaza/auth';
import { notFound, requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { findMessageForReaction } from '../conversation/message-access.ts';
import { awardPoints, revokePoints } from '../gamification/points.ts';
import type { ContentType } from '../generated/prisma/enums.ts';
import { loadContentScope } from '../post/content-scope.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { ReactionSummaryRecord } from './reaction.repository.ts';
import type { reactionInput } from './reaction.validation.ts';

type ReactionInput = z.output<typeof reactionInput>;

/** The content reacted to, as far as reactions need it. */
interface ReactionTarget {
  /** The author: told about the reaction, and awarded for it. */
  authorId: string;
  /** Keeps the subject's stored like count in step; messages store none. */
  addToLikeCount(delta: number): Promise<void>;
}

const eventSubjectType = { POST: 'Post', COMMENT: 'Comment', MESSAGE: 'Message' } as const satisfies Record<ContentType, string>;

export class ReactionService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories> }) {}

  /**
   * Adds the viewer's emoji to a post, comment or message. Adding it twice is a no-op. When it is
   * new, in one transaction: the reaction, the subject's likeCount, the author's points (not for
   * reacting to oneself) and the reaction.added event. Returns the subject's summary.
   */
  async add(viewer: Viewer, input: ReactionInput): Promise<ReactionSummaryRecord[]> {
    const { organizationId, userId } = requireRole(viewer, 'MEMBER');
    await this.deps.data.transaction(viewer, async (repositories) => {
      const { reactions, gamification, events } = repositories;
      const target = await findTarget(repositories, viewer, input);
      const reactionId = await reactions.addIfAbsent({ organizationId, userId, ...input });
      if (!reactionId) return;
      await target.addToLikeCount(1);
      if (target.authorId !== userId) {
        await awardPoints(gamification, {
          organizationId,
          userId: target.authorId,
          action: 'REACTION_RECEIVED',
          subject: { type: 'Reaction', id: reactionId },
        });
      }
      await events.record({
        type: 'community.reaction.added',
        organizationId,
        actorId: userId,
        subject: { type: eventSubjectType[input.subjectType], id: input.subjectId },
        payload: {
          reactionId,
          emoji: input.emoji,
          subjectType: eventSubjectType[input.subjectType],
          subjectId: input.subjectId,
          subjectAuthorId: target.authorId,
          reactorId: userId,
        },
      });
    });
    return this.summary(viewer, input);
  }

  /** Removes the viewer's emoji; a no-op when absent. The likeCount and the author's points for it are taken back. */
  async remove(viewer: Viewer, input: ReactionInput): Promise<ReactionSummaryRecord[]> {
    const { organizationId, userId } = requireRole(viewer, 'MEMBER');
    await this.deps.data.transaction(viewer, async (repositories) => {
      const target = await findTarget(repositories, viewer, input);
      const reactionId = await repositories.reactions.remove({ userId, ...input });
      if (!reactionId) return;
      await target.addToLikeCount(-1);
      await revokePoints(repositories.gamification, {
        organizationId,
        userId: target.authorId,
        action: 'REACTION_RECEIVED',
        subject: { type: 'Reaction', id: reactionId },
      });
    });
    return this.summary(viewer, input);
  }

  private summary(viewer: Viewer, input: ReactionInput): Promise<ReactionSummaryRecord[]> {
    const { organizationId, userId } = requireRole(viewer, 'MEMBER');
    return this.deps.data.repositories(viewer).reactions.summarize(organizationId, input.subjectType, [input.subjectId], userId);
  }
}

/** NOT_FOUND for content the viewer cannot see, or that is deleted or hidden; messages answer as conversations do. */
async function findTarget(repositories: CommunityRepositories, viewer: Viewer, input: ReactionInput): Promise<ReactionTarget> {
  const { posts, comments, messages } = repositories;
  if (input.subjectType === 'MESSAGE') {
    const message = await findMessageForReaction(messages, viewer, input.subjectId);
    return { authorId: message.senderId, addToLikeCount: async () => {} };
  }
  const scope = await loadContentScope(repositories, viewer);
  if (input.subjectType === 'POST') {
    const [post] = await posts.findByIds(scope, [input.subjectId]);
    if (!post || post.hiddenAt) throw notFound('Post', input.subjectId);
    return { authorId: post.authorId, addToLikeCount: (delta) => posts.addToCounts(post.id, { likeCount: delta }) };
  }
  const [comment] = await comments.findByIds(scope, [input.subjectId]);
  const [post] = comment && !comment.hiddenAt ? await posts.findByIds(scope, [comment.postId]) : [];
  if (!comment || !post || post.hiddenAt) throw notFound('Comment', input.subjectId);
  return { authorId: comment.authorId, addToLikeCount: (delta) => comments.addToCounts(comment.id, { likeCount: delta }) };
}
