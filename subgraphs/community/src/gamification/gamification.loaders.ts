import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import { GamificationRepository } from './gamification.repository.ts';
import { GamificationService } from './gamification.service.ts';
import type { LevelDefinition } from './points.ts';

/** Points of one request, in the viewer's organization. */
export function createGamificationLoaders(prisma: PrismaClient, viewer: Viewer) {
  const gamification = new GamificationService({ prisma });
  const repository = new GamificationRepository(prisma);
  const { organizationId } = viewer;
  let levels: Promise<readonly LevelDefinition[]> | undefined;
  return {
    /** Running totals by user id (missing: 0). */
    pointsByUserId: createKeyedLoader(
      (userIds: readonly string[]) => (organizationId ? repository.findTotals(organizationId, userIds) : Promise.resolve([])),
      (row) => row.userId,
    ),
    /** The organization's levels, read once per request. */
    levels: () => (levels ??= organizationId ? gamification.levels(organizationId) : Promise.resolve([])),
  };
}
