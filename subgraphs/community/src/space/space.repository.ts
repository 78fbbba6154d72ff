import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { SpacePostingPolicy, SpaceVisibility } from '../generated/prisma/enums.ts';

const spaceColumns = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  icon: true,
  visibility: true,
  postingPolicy: true,
  requiredTier: true,
  position: true,
  createdAt: true,
} as const;

export interface SpaceRecord {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  icon: string | null;
  visibility: SpaceVisibility;
  postingPolicy: SpacePostingPolicy;
  requiredTier: string | null;
  position: number;
  createdAt: Date;
}

/**
 * The spaces one viewer may see: live ones of their organization with these visibilities, plus
 * (when `visibilities` leaves SECRET out) the secret spaces `userId` is a member of.
 */
export interface SpaceScope {
  organizationId: string;
  userId: string;
  visibilities: readonly SpaceVisibility[];
}

/** Prisma filter for the spaces a scope covers; posts reuse it through their relation. */
export const visibleSpaces = (scope: SpaceScope) => ({
  organizationId: scope.organizationId,
  deletedAt: null,
  ...(scope.visibilities.includes('SECRET')
    ? { visibility: { in: [...scope.visibilities] } }
    : { OR: [{ visibility: { in: [...scope.visibilities] } }, { members: { some: { userId: scope.userId } } }] }),
});

export interface SpaceMemberRecord {
  id: string;
  spaceId: string;
  userId: string;
  joinedAt: Date;
  lastVisitedAt: Date | null;
}

const memberColumns = { id: true, spaceId: true, userId: true, joinedAt: true, lastVisitedAt: true } as const;

export type SpaceChanges = Partial<Pick<SpaceRecord, 'name' | 'description' | 'icon' | 'visibility' | 'postingPolicy' | 'requiredTier' | 'position'>>;

export class SpaceRepository {
  constructor(private readonly db: Db) {}

  findByIds(scope: SpaceScope, ids: readonly string[]): Promise<SpaceRecord[]> {
    return this.db.space.findMany({ where: { ...visibleSpaces(scope), id: { in: [...ids] } }, select: spaceColumns });
  }

  /** Sidebar order (position, then id), keyset-paginated on both. */
  list(scope: SpaceScope, options: { after?: { position: number; id: string }; take: number }): Promise<SpaceRecord[]> {
    const after = options.after;
    return this.db.space.findMany({
      where: {
        AND: [
          visibleSpaces(scope),
          after ? { OR: [{ position: { gt: after.position } }, { position: after.position, id: { gt: after.id } }] } : {},
        ],
      },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
      take: options.take,
      select: spaceColumns,
    });
  }

  create(data: Omit<SpaceRecord, 'id' | 'createdAt'>): Promise<SpaceRecord> {
    return this.db.space.create({ data, select: spaceColumns });
  }

  update(id: string, changes: SpaceChanges): Promise<SpaceRecord> {
    return this.db.space.update({ where: { id }, data: changes, select: spaceColumns });
  }

  softDelete(id: string, at: Date): Promise<unknown> {
    return this.db.space.update({ where: { id }, data: { deletedAt: at }, select: { id: true } });
  }

  /** The next free position at the end of the organization's sidebar. */
  async nextPosition(organizationId: string): Promise<number> {
    const last = await this.db.space.aggregate({ where: { organizationId, deletedAt: null }, _max: { position: true } });
    return (last._max.position ?? -1) + 1;
  }

  findMembership(spaceId: string, userId: string): Promise<SpaceMemberRecord | null> {
    return this.db.spaceMember.findUnique({ where: { spaceId_userId: { spaceId, userId } }, select: memberColumns });
  }

  findMembershipsOfUser(organizationId: string, userId: string, spaceIds: readonly string[]): Promise<SpaceMemberRecord[]> {
    return this.db.spaceMember.findMany({
      where: { organizationId, userId, spaceId: { in: [...spaceIds] } },
      select: memberColumns,
    });
  }

  /** Idempotent: joining twice keeps the first membership. */
  async addMember(organizationId: string, spaceId: string, userId: string): Promise<SpaceMemberRecord> {
    return this.db.spaceMember.upsert({
      where: { spaceId_userId: { spaceId, userId } },
      create: { organizationId, spaceId, userId },
      update: {},
      select: memberColumns,
    });
  }

  async removeMember(spaceId: string, userId: string): Promise<boolean> {
    const { count } = await this.db.spaceMember.deleteMany({ where: { spaceId, userId } });
    return count > 0;
  }

  markVisited(spaceId: string, userId: string, at: Date): Promise<SpaceMemberRecord> {
    return this.db.spaceMember.update({ where: { spaceId_userId: { spaceId, userId } }, data: { lastVisitedAt: at }, select: memberColumns });
  }

  /** One page of members per space, oldest membership first, in a single query. */
  listMembersBySpaces(spaceIds: readonly string[], page: { afterId?: string; take: number }): Promise<SpaceMemberRecord[]> {
    const after = page.afterId ? Prisma.sql`AND m.id > ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<SpaceMemberRecord[]>`
      SELECT id, "spaceId", "userId", "joinedAt", "lastVisitedAt" FROM (
        SELECT m.*, row_number() OVER (PARTITION BY m."spaceId" ORDER BY m.id) AS position
        FROM "SpaceMember" m
        WHERE m."spaceId" IN (${Prisma.join([...spaceIds])}) ${after}
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY id`;
  }

  async countMembers(spaceIds: readonly string[]): Promise<{ spaceId: string; count: number }[]> {
    const groups = await this.db.spaceMember.groupBy({ by: ['spaceId'], where: { spaceId: { in: [...spaceIds] } }, _count: { _all: true } });
    return groups.map((group) => ({ spaceId: group.spaceId, count: group._count._all }));
  }

  /**
   * Unread posts per space for one member: live posts by others since their last visit (or since
   * they joined). One query for all the spaces asked about.
   */
  async countUnread(memberships: readonly SpaceMemberRecord[]): Promise<{ spaceId: string; count: number }[]> {
    if (memberships.length === 0) return [];
    const userId = memberships[0]!.userId;
    const groups = await this.db.post.groupBy({
      by: ['spaceId'],
      where: {
        deletedAt: null,
        hiddenAt: null,
        authorId: { not: userId },
        OR: memberships.map((m) => ({ spaceId: m.spaceId, createdAt: { gt: m.lastVisitedAt ?? m.joinedAt } })),
      },
      _count: { _all: true },
    });
    return groups.map((group) => ({ spaceId: group.spaceId as string, count: group._count._all }));
  }
}
