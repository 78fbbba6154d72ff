import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';
import type { GamificationService } from './gamification.service.ts';
import type { LevelDefinition } from './points.ts';

/** Points of one request, in the viewer's organization. */
export function createGamificationLoaders({
  repositories,
  viewer,
  services,
}: {
  repositories: Pick<CommunityRepositories, 'gamification'>;
  viewer: Viewer;
  services: { gamification: Pick<GamificationService, 'levels'> };
}) {
  const { gamification } = repositories;
  const { organizationId } = viewer;
  let levels: Promise<readonly LevelDefinition[]> | undefined;
  return {
    /** Running totals by user id (missing: 0). */
    pointsByUserId: createKeyedLoader(
      (userIds: readonly string[]) => (organizationId ? gamification.findTotals(organizationId, userIds) : Promise.resolve([])),
      (row) => row.userId,
    ),
    /** The organization's levels, read once per request. */
    levels: () => (levels ??= viewer.userId && organizationId && viewer.role ? services.gamification.levels(viewer) : Promise.resolve([])),
  };
}
