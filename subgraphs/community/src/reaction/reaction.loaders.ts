import type { Viewer } from '@plaza/auth';
import { createPagedLoader } from '@plaza/subgraph-kit';
import type { ContentType } from '../generated/prisma/enums.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { ReactionSummaryRecord } from './reaction.repository.ts';

/** The subject type all subjects of one batch share: subjects of one type are summarized in one query. */
export interface ReactionSubjectPage {
  subjectType: ContentType;
}

/** Reaction summaries of one request: one query per subject type, whatever the number of subjects. */
export function createReactionLoaders({
  repositories,
  viewer,
}: {
  repositories: Pick<CommunityRepositories, 'reactions'>;
  viewer: Viewer;
}) {
  const { reactions } = repositories;
  const { organizationId, userId } = viewer;
  return {
    /** Keyed `{ parentId: subjectId, subjectType }`. */
    reactionSummaryBySubject: createPagedLoader<ReactionSummaryRecord, ReactionSubjectPage>(
      (subjectIds, { subjectType }) =>
        organizationId && userId ? reactions.summarize(organizationId, subjectType, subjectIds, userId) : Promise.resolve([]),
      (summary) => summary.subjectId,
    ),
  };
}
