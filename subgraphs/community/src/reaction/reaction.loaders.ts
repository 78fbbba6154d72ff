import DataLoader from 'dataloader';
import type { Viewer } from '@plaza/auth';
import type { PrismaClient } from '../db.ts';
import type { ContentType } from '../generated/prisma/enums.ts';
import { ReactionRepository, type ReactionSummaryRecord } from './reaction.repository.ts';

export interface ReactionSubjectKey {
  subjectType: ContentType;
  subjectId: string;
}

/** Reaction summaries of one request: one query per subject type, whatever the number of subjects. */
export function createReactionLoaders(prisma: PrismaClient, viewer: Viewer) {
  const reactions = new ReactionRepository(prisma);
  return {
    reactionSummaryBySubject: new DataLoader<ReactionSubjectKey, ReactionSummaryRecord[], string>(
      async (keys) => {
        const { organizationId, userId } = viewer;
        const byKey = new Map<string, ReactionSummaryRecord[]>(keys.map((key) => [`${key.subjectType}\u0000${key.subjectId}`, []]));
        if (organizationId && userId) {
          const types = [...new Set(keys.map((key) => key.subjectType))];
          await Promise.all(
            types.map(async (type) => {
              const ids = keys.filter((key) => key.subjectType === type).map((key) => key.subjectId);
              for (const row of await reactions.summarize(organizationId, type, ids, userId)) {
                byKey.get(`${type}\u0000${row.subjectId}`)?.push(row);
              }
            }),
          );
        }
        return keys.map((key) => byKey.get(`${key.subjectType}\u0000${key.subjectId}`) ?? []);
      },
      { cacheKeyFn: (key) => `${key.subjectType}\u0000${key.subjectId}` },
    ),
  };
}
