import { roleAtLeast } from '@plaza/auth';
import { parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { ReportRecord } from './moderation.repository.ts';
import { deleteContentInput, hideContentInput, moderationQueueArgs, reportInput, resolveReportInput } from './moderation.validation.ts';

export const moderationQueries = {
  moderationQueue: (_: unknown, args: unknown, { viewer, services }: CommunityContext) =>
    services.moderation.queue(viewer, parseInput(moderationQueueArgs, args)),
};

export const moderationMutations = {
  report: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.moderation.report(viewer, parseInput(reportInput, args.input), loaders.activeMemberByUserId),
  resolveReport: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.moderation.resolve(viewer, parseInput(resolveReportInput, args.input)),
  hideContent: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.moderation.hide(viewer, parseInput(hideContentInput, args.input)),
  deleteContent: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.moderation.delete(viewer, parseInput(deleteContentInput, args.input)),
};

export const Report = {
  post: (report: ReportRecord, _: unknown, { loaders }: CommunityContext) =>
    report.subjectType === 'POST' ? loaders.postById.load(report.subjectId) : null,
  comment: (report: ReportRecord, _: unknown, { loaders }: CommunityContext) =>
    report.subjectType === 'COMMENT' ? loaders.commentById.load(report.subjectId) : null,
  // Moderators review messages of conversations they are not in; everyone else sees only their own conversations.
  message: (report: ReportRecord, _: unknown, { viewer, loaders }: CommunityContext) =>
    report.subjectType !== 'MESSAGE'
      ? null
      : roleAtLeast(viewer.role, 'MODERATOR')
        ? loaders.moderatedMessageById.load(report.subjectId)
        : loaders.messageById.load(report.subjectId),
  reportedUser: (report: ReportRecord) => (report.subjectType === 'USER' ? { id: report.subjectId } : null),
  reporter: (report: ReportRecord) => ({ id: report.reporterId }),
  resolver: (report: ReportRecord) => (report.resolverId ? { id: report.resolverId } : null),
};
