import type { Viewer } from '@plaza/auth';
import { DomainError, afterId, idCursor, notFound, requireMember, requireRole, toConnection, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { findMessageForReaction } from '../conversation/message-access.ts';
import { requireActiveMembers, type ActiveMembers } from '../member/member-access.ts';
import type { MessageService } from '../message/message.service.ts';
import { loadContentScope, type ContentScope } from '../post/content-scope.ts';
import { moderatesPost } from '../post/post.service.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { ReportRecord } from './moderation.repository.ts';
import type {
  ModeratedContentType,
  deleteContentInput,
  hideContentInput,
  moderationQueueArgs,
  reportInput,
  resolveReportInput,
} from './moderation.validation.ts';

/** The state of a piece of content after a moderation action. */
export interface ModeratedContent {
  subjectType: ModeratedContentType;
  subjectId: string;
  hidden: boolean;
  deleted: boolean;
}

/** A post or comment as moderation needs it: who wrote it, in which group, and whether it is hidden. */
interface ModeratedPostOrComment {
  id: string;
  authorId: string;
  /** The group of the post (or of the comment's post), whose moderators may act on it. */
  groupId: string | null;
  hiddenAt: Date | null;
}

export interface ModerationDeps {
  data: DataAccess<CommunityRepositories>;
  messages: Pick<MessageService, 'moderate'>;
  /**
   * Deleting posts and comments stays with their services, which keep the stored counts exact
   * and apply the same author-or-moderator rule.
   */
  deletePost(viewer: Viewer, id: string): Promise<unknown>;
  deleteComment(viewer: Viewer, id: string): Promise<unknown>;
  now?: () => Date;
}

/** A live post the scope may see, hidden ones included for moderators (who review them). */
async function findPost(
  { posts }: Pick<CommunityRepositories, 'posts'>,
  scope: ContentScope,
  id: string,
): Promise<ModeratedPostOrComment | null> {
  const [post] = await posts.findByIds(scope, [id]);
  return post ?? null;
}

/** A live comment on a post the scope may see, with that post's group. */
async function findComment(
  { posts, comments }: Pick<CommunityRepositories, 'posts' | 'comments'>,
  scope: ContentScope,
  id: string,
): Promise<ModeratedPostOrComment | null> {
  const [comment] = await comments.findByIds(scope, [id]);
  const [post] = comment ? await posts.findByIds(scope, [comment.postId]) : [];
  return comment && post ? { id: comment.id, authorId: comment.authorId, groupId: post.groupId, hiddenAt: comment.hiddenAt } : null;
}

export class ModerationService {
  constructor(private readonly deps: ModerationDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Files a report on something the reporter can see (NOT_FOUND otherwise; FORBIDDEN for messages
   * outside their conversations) or on another active member of the organization. Reporting the
   * same subject again while the first report is open returns that report.
   */
  async report(viewer: Viewer, input: z.output<typeof reportInput>, members: ActiveMembers): Promise<ReportRecord> {
    const member = requireMember(viewer);
    if (input.subjectType === 'USER' && input.subjectId !== member.userId) await requireActiveMembers(members, [input.subjectId]);
    return this.deps.data.transaction(viewer, async (repositories) => {
      await assertReportable(repositories, viewer, input.subjectType, input.subjectId);
      const { reports } = repositories;
      const open = await reports.findOpen(member.organizationId, member.userId, input.subjectType, input.subjectId);
      if (open) return open;
      return reports.create({ organizationId: member.organizationId, reporterId: member.userId, ...input });
    });
  }

  /** Reports of the organization with one status (OPEN by default), oldest first. MODERATOR role or higher. */
  async queue(viewer: Viewer, args: z.output<typeof moderationQueueArgs>) {
    const { organizationId } = requireRole(viewer, 'MODERATOR');
    const rows = await this.deps.data
      .repositories(viewer)
      .reports.list(
        organizationId,
        { status: args.status, subjectType: args.subjectType },
        { afterId: afterId(args), take: args.first + 1 },
      );
    return toConnection(rows, args.first, idCursor);
  }

  /** Closes an open report and records `community.report.resolved` for the reporter. MODERATOR or higher. */
  async resolve(viewer: Viewer, input: z.output<typeof resolveReportInput>): Promise<ReportRecord> {
    const moderator = requireRole(viewer, 'MODERATOR');
    return this.deps.data.transaction(viewer, async ({ reports, events }) => {
      const [report] = await reports.findByIds(moderator.organizationId, [input.reportId]);
      if (!report) throw notFound('Report', input.reportId);
      const closed = await reports.close(report.id, {
        status: input.status,
        resolverId: moderator.userId,
        resolutionNote: input.note,
        resolvedAt: this.now(),
      });
      if (!closed) {
        const [current] = await reports.findByIds(moderator.organizationId, [report.id]);
        throw new DomainError('CONFLICT', `Report ${report.id} is already ${current?.status ?? report.status}`, { reportId: report.id });
      }
      await events.record({
        type: 'community.report.resolved',
        organizationId: moderator.organizationId,
        actorId: moderator.userId,
        subject: { type: 'Report', id: report.id },
        payload: { reportId: report.id, reporterId: report.reporterId, status: input.status, resolverId: moderator.userId },
      });
      const [resolved] = await reports.findByIds(moderator.organizationId, [report.id]);
      if (!resolved) throw notFound('Report', report.id);
      return resolved;
    });
  }

  /**
   * Hides or unhides a post, comment or message. Authors may hide their own; moderators (of the
   * organization, or of the content's group) may hide anyone's, and only they may unhide. A
   * hidden item keeps the time it was first hidden.
   */
  async hide(viewer: Viewer, input: z.output<typeof hideContentInput>): Promise<ModeratedContent> {
    const member = requireMember(viewer);
    if (input.subjectType === 'MESSAGE') {
      const message = await this.deps.messages.moderate(viewer, input.subjectId, input.hidden ? 'HIDE' : 'UNHIDE');
      return { subjectType: 'MESSAGE', subjectId: message.id, hidden: message.hiddenAt !== null, deleted: message.deletedAt !== null };
    }
    const subjectType = input.subjectType;
    return this.deps.data.transaction(viewer, async (repositories) => {
      const scope = await loadContentScope(repositories, viewer);
      const entity = subjectType === 'POST' ? 'Post' : 'Comment';
      const target =
        subjectType === 'POST'
          ? await findPost(repositories, scope, input.subjectId)
          : await findComment(repositories, scope, input.subjectId);
      if (!target) throw notFound(entity, input.subjectId);
      const own = target.authorId === member.userId && input.hidden;
      if (!own && !(await moderatesPost(repositories.groups, viewer, target))) {
        throw new DomainError(
          'FORBIDDEN',
          `Only ${input.hidden ? 'the author or ' : ''}a moderator may ${input.hidden ? 'hide' : 'unhide'} ${entity.toLowerCase()} ${target.id}`,
          {
            subjectType,
            subjectId: target.id,
          },
        );
      }
      const hiddenAt = input.hidden ? (target.hiddenAt ?? this.now()) : null;
      if (subjectType === 'POST') await repositories.posts.setHiddenAt(target.id, hiddenAt);
      else await repositories.comments.setHiddenAt(target.id, hiddenAt);
      return { subjectType, subjectId: target.id, hidden: input.hidden, deleted: false };
    });
  }

  /** Soft-deletes a post, comment or message: the author's own, or anyone's for moderators. */
  async delete(viewer: Viewer, input: z.output<typeof deleteContentInput>): Promise<ModeratedContent> {
    requireMember(viewer);
    switch (input.subjectType) {
      case 'MESSAGE': {
        const message = await this.deps.messages.moderate(viewer, input.subjectId, 'DELETE');
        return { subjectType: 'MESSAGE', subjectId: message.id, hidden: message.hiddenAt !== null, deleted: true };
      }
      case 'POST':
        await this.deps.deletePost(viewer, input.subjectId);
        return { subjectType: 'POST', subjectId: input.subjectId, hidden: false, deleted: true };
      case 'COMMENT':
        await this.deps.deleteComment(viewer, input.subjectId);
        return { subjectType: 'COMMENT', subjectId: input.subjectId, hidden: false, deleted: true };
      default: {
        const unreachable: never = input.subjectType;
        throw new Error(`Unhandled content type ${String(unreachable)}`);
      }
    }
  }
}

/** NOT_FOUND for a post or comment the reporter cannot see; messages answer as conversations do. */
async function assertReportable(
  repositories: CommunityRepositories,
  viewer: Viewer,
  subjectType: ReportRecord['subjectType'],
  subjectId: string,
): Promise<void> {
  const member = requireMember(viewer);
  switch (subjectType) {
    case 'POST':
      if (!(await findPost(repositories, await loadContentScope(repositories, viewer), subjectId))) throw notFound('Post', subjectId);
      return;
    case 'COMMENT':
      if (!(await findComment(repositories, await loadContentScope(repositories, viewer), subjectId))) throw notFound('Comment', subjectId);
      return;
    case 'MESSAGE':
      await findMessageForReaction(repositories.messages, viewer, subjectId);
      return;
    case 'USER':
      // Whether the user is a member was checked against the directory before the transaction.
      if (subjectId === member.userId) {
        throw new DomainError('BAD_USER_INPUT', `subjectId: ${subjectId} is you; report another user`, {
          issues: [{ field: 'subjectId', message: 'must not be yourself' }],
        });
      }
      return;
    default: {
      const unreachable: never = subjectType;
      throw new Error(`Unhandled report subject ${String(unreachable)}`);
    }
  }
}
