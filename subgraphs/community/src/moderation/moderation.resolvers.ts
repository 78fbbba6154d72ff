import { roleAtLeast } from '@plaza/auth';
import { parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers, ReportResolvers } from '../generated/graphql.ts';
import { deleteContentInput, hideContentInput, moderationQueueArgs, reportInput, resolveReportInput } from './moderation.validation.ts';

export const moderationQueries: QueryResolvers = {
  moderationQueue: (_, args, { viewer, services }) => services.moderation.queue(viewer, parseInput(moderationQueueArgs, args)),
};

export const moderationMutations: MutationResolvers = {
  report: (_, { input }, { viewer, services, loaders }) =>
    services.moderation.report(viewer, parseInput(reportInput, input), loaders.activeMemberByUserId),
  resolveReport: (_, { input }, { viewer, services }) => services.moderation.resolve(viewer, parseInput(resolveReportInput, input)),
  hideContent: (_, { input }, { viewer, services }) => services.moderation.hide(viewer, parseInput(hideContentInput, input)),
  deleteContent: (_, { input }, { viewer, services }) => services.moderation.delete(viewer, parseInput(deleteContentInput, input)),
};

export const Report: ReportResolvers = {
  post: (report, _, { loaders }) => (report.subjectType === 'POST' ? loaders.postById.load(report.subjectId) : null),
  comment: (report, _, { loaders }) => (report.subjectType === 'COMMENT' ? loaders.commentById.load(report.subjectId) : null),
  // Moderators review messages of conversations they are not in; everyone else sees only their own conversations.
  message: (report, _, { viewer, loaders }) => {
    if (report.subjectType !== 'MESSAGE') return null;
    return roleAtLeast(viewer.role, 'MODERATOR')
      ? loaders.moderatedMessageById.load(report.subjectId)
      : loaders.messageById.load(report.subjectId);
  },
  reportedUser: (report) => (report.subjectType === 'USER' ? { id: report.subjectId } : null),
  reporter: (report) => ({ id: report.reporterId }),
  resolver: (report) => (report.resolverId ? { id: report.resolverId } : null),
};
