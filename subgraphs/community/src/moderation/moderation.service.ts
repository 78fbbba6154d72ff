import { roleAtLeast, type Viewer } from '@plaza/auth';
import { DomainError, afterId, idCursor, notFound, requireMember, requireRole, toConnection } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { Db, PrismaClient } from '../db.ts';
import { findMessageForReaction } from '../conversation/message-access.ts';
import { requireActiveMembers, type ActiveMembers } from '../member/member-access.ts';
import { canModerateGroup } from '../group/group-access.ts';
import type { MessageService } from '../message/message.service.ts';
import { loadContentScope } from '../post/post-scope.ts';
import { recordDomainEvent } from '../post/domain-events.ts';
import { ContentModerationRepository, ReportRepository, type ModeratedContentRecord, type ReportRecord } from './moderation.repository.ts';
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

export interface ModerationDeps {
  prisma: PrismaClient;
  messages: Pick<MessageService, 'moderate'>;
  /**
   * Deleting posts and comments stays with their services, which keep the stored counts exact
   * and apply the same author-or-moderator rule.
   */
  deletePost(viewer: Viewer, id: string): Promise<unknown>;
  deleteComment(viewer: Viewer, id: string): Promise<unknown>;
}

export class ModerationService {
  constructor(private readonly deps: ModerationDeps) {}

  /**
   * Files a report on something the reporter can see (NOT_FOUND otherwise; FORBIDDEN for messages
   * outside their conversations) or on another active member of the organization. Reporting the
   * same subject again while the first report is open returns that report.
   */
  async report(viewer: Viewer, input: z.output<typeof reportInput>, members: ActiveMembers): Promise<ReportRecord> {
    const member = requireMember(viewer);
    if (input.subjectType === 'USER' && input.subjectId !== member.userId) await requireActiveMembers(members, [input.subjectId]);
    return this.deps.prisma.$transaction(async (tx) => {
      await this.assertReportable(tx, viewer, input.subjectType, input.subjectId);
      const reports = new ReportRepository(tx);
      const open = await reports.findOpen(member.organizationId, member.userId, input.subjectType, input.subjectId);
      if (open) return open;
      return reports.create({ organizationId: member.organizationId, reporterId: member.userId, ...input });
    });
  }

  /** Reports of the organization with one status (OPEN by default), oldest first. MODERATOR role or higher. */
  async queue(viewer: Viewer, args: z.output<typeof moderationQueueArgs>) {
    const { organizationId } = requireRole(viewer, 'MODERATOR');
    const rows = await new ReportRepository(this.deps.prisma).list(
      organizationId,
      { status: args.status, subjectType: args.subjectType },
      { afterId: afterId(args), take: args.first + 1 },
    );
    return toConnection(rows, args.first, idCursor);
  }

  /** Closes an open report and records `community.report.resolved` for the reporter. MODERATOR or higher. */
  async resolve(viewer: Viewer, input: z.output<typeof resolveReportInput>): Promise<ReportRecord> {
    const moderator = requireRole(viewer, 'MODERATOR');
    return this.deps.prisma.$transaction(async (tx) => {
      const reports = new ReportRepository(tx);
      const [report] = await reports.findByIds(moderator.organizationId, [input.reportId]);
      if (!report) throw notFound('Report', input.reportId);
      const closed = await reports.close(report.id, {
        status: input.status,
        resolverId: moderator.userId,
        resolutionNote: input.note,
        resolvedAt: new Date(),
      });
      if (!closed) {
        const [current] = await reports.findByIds(moderator.organizationId, [report.id]);
        throw new DomainError('CONFLICT', `Report ${report.id} is already ${current?.status ?? report.status}`, { reportId: report.id });
      }
      await recordDomainEvent(tx, {
        type: 'community.report.resolved',
        organizationId: moderator.organizationId,
        actorId: moderator.userId,
        subject: { type: 'Report', id: report.id },
        payload: { reportId: report.id, reporterId: report.reporterId, status: input.status, resolverId: moderator.userId },
      });
      return (await reports.findByIds(moderator.organizationId, [report.id]))[0]!;
    });
  }

  /**
   * Hides or unhides a post, comment or message. Authors may hide their own; moderators (of the
   * organization, or of the content's group) may hide anyone's, and only they may unhide.
   */
  async hide(viewer: Viewer, input: z.output<typeof hideContentInput>): Promise<ModeratedContent> {
    const member = requireMember(viewer);
    if (input.subjectType === 'MESSAGE') {
      const message = await this.deps.messages.moderate(viewer, input.subjectId, input.hidden ? 'HIDE' : 'UNHIDE');
      return { subjectType: 'MESSAGE', subjectId: message.id, hidden: message.hiddenAt !== null, deleted: message.deletedAt !== null };
    }
    return this.deps.prisma.$transaction(async (tx) => {
      const content = new ContentModerationRepository(tx);
      const scope = await loadContentScope(tx, viewer);
      const entity = input.subjectType === 'POST' ? 'Post' : 'Comment';
      const target = input.subjectType === 'POST' ? await content.findPost(scope, input.subjectId) : await content.findComment(scope, input.subjectId);
      if (!target) throw notFound(entity, input.subjectId);
      const own = target.authorId === member.userId && input.hidden;
      if (!own && !(await this.moderates(tx, viewer, target))) {
        throw new DomainError('FORBIDDEN', `Only ${input.hidden ? 'the author or ' : ''}a moderator may ${input.hidden ? 'hide' : 'unhide'} ${entity.toLowerCase()} ${target.id}`, {
          subjectType: input.subjectType,
          subjectId: target.id,
        });
      }
      const now = new Date();
      if (input.subjectType === 'POST') await content.setPostHidden(target, input.hidden, now);
      else await content.setCommentHidden(target, input.hidden, now);
      return { subjectType: input.subjectType, subjectId: target.id, hidden: input.hidden, deleted: false };
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

  private async moderates(tx: Db, viewer: Viewer, content: ModeratedContentRecord): Promise<boolean> {
    if (roleAtLeast(viewer.role, 'MODERATOR')) return true;
    return content.groupId ? canModerateGroup(tx, viewer, content.groupId) : false;
  }

  private async assertReportable(tx: Db, viewer: Viewer, subjectType: ReportRecord['subjectType'], subjectId: string): Promise<void> {
    const member = requireMember(viewer);
    switch (subjectType) {
      case 'POST':
        if (!(await new ContentModerationRepository(tx).findPost(await loadContentScope(tx, viewer), subjectId))) throw notFound('Post', subjectId);
        return;
      case 'COMMENT':
        if (!(await new ContentModerationRepository(tx).findComment(await loadContentScope(tx, viewer), subjectId))) throw notFound('Comment', subjectId);
        return;
      case 'MESSAGE':
        await findMessageForReaction(tx, viewer, subjectId);
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
}
