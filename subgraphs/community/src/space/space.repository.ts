import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { MembershipTier, SpaceVisibility } from '../generated/prisma/enums.ts';
import { sqlColumns } from '../sql.ts';

const spaceSelect = {
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
} satisfies Prisma.SpaceSelect;

export type SpaceRecord = Prisma.SpaceGetPayload<{ select: typeof spaceSelect }>;

const spaceMemberSelect = { id: true, spaceId: true, userId: true, joinedAt: true, lastVisitedAt: true } satisfies Prisma.SpaceMemberSelect;

export type SpaceMemberRecord = Prisma.SpaceMemberGetPayload<{ select: typeof spaceMemberSelect }>;

/**
 * The spaces one viewer may see: live ones of their organization with these visibilities, plus
 * (when `visibilities` leaves SECRET out) the secret spaces `userId` is a member of. Which
 * visibilities a viewer gets is space-access.ts's rule; this only turns it into a filter.
 */
export interface SpaceScope {
  organizationId: string;
  userId: string;
  visibilities: readonly SpaceVisibility[];
  /** When set, only spaces that require none of the tiers or one of these (the viewer's tier and below). */
  tiers?: readonly MembershipTier[];
}

/** One page of a space's members: the page of the paged member loader. */
export interface SpaceMemberPage {
  afterId?: string;
  take: number;
}

export type SpaceChanges = Partial<
  Pick<SpaceRecord, 'name' | 'description' | 'icon' | 'visibility' | 'postingPolicy' | 'requiredTier' | 'position'>
>;

const visibleSpaces = (scope: SpaceScope): Prisma.SpaceWhereInput => ({
  organizationId: scope.organizationId,
  deletedAt: null,
  ...(scope.visibilities.includes('SECRET')
    ? { visibility: { in: [...scope.visibilities] } }
    : { OR: [{ visibility: { in: [...scope.visibilities] } }, { members: { some: { userId: scope.userId } } }] }),
  ...(scope.tiers ? { AND: [{ OR: [{ requiredTier: null }, { requiredTier: { in: [...scope.tiers] } }] }] } : {}),
});

export class SpaceRepository {
  constructor(private readonly db: Db) {}

  findByIds(scope: SpaceScope, ids: readonly string[]): Promise<SpaceRecord[]> {
    return this.db.space.findMany({ where: { ...visibleSpaces(scope), id: { in: [...ids] } }, select: spaceSelect });
  }

  /**
   * The tier the member's commerce membership grants, from community's member directory (kept by
   * commerce.membership.changed events); null when none arrived (FREE).
   */
  async findMemberTier(organizationId: string, userId: string): Promise<MembershipTier | null> {
    const row = await this.db.organizationMember.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: { tier: true },
    });
    return row?.tier ?? null;
  }

  /** Ids of every space the scope covers: what post queries filter by. */
  async findVisibleIds(scope: SpaceScope): Promise<string[]> {
    const rows = await this.db.space.findMany({ where: visibleSpaces(scope), select: { id: true } });
    return rows.map((row) => row.id);
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
      select: spaceSelect,
    });
  }

  create(data: Omit<SpaceRecord, 'id' | 'createdAt'>): Promise<SpaceRecord> {
    return this.db.space.create({ data, select: spaceSelect });
  }

  update(id: string, changes: SpaceChanges): Promise<SpaceRecord> {
    return this.db.space.update({ where: { id }, data: changes, select: spaceSelect });
  }

  async softDelete(id: string, at: Date): Promise<void> {
    await this.db.space.update({ where: { id }, data: { deletedAt: at }, select: { id: true } });
  }

  /** The next free position at the end of the organization's sidebar. */
  async nextPosition(organizationId: string): Promise<number> {
    const last = await this.db.space.aggregate({ where: { organizationId, deletedAt: null }, _max: { position: true } });
    return (last._max.position ?? -1) + 1;
  }

  findMembership(spaceId: string, userId: string): Promise<SpaceMemberRecord | null> {
    return this.db.spaceMember.findUnique({ where: { spaceId_userId: { spaceId, userId } }, select: spaceMemberSelect });
  }

  findMembershipsOfUser(organizationId: string, userId: string, spaceIds: readonly string[]): Promise<SpaceMemberRecord[]> {
    return this.db.spaceMember.findMany({
      where: { organizationId, userId, spaceId: { in: [...spaceIds] } },
      select: spaceMemberSelect,
    });
  }

  /** Idempotent: joining twice keeps the first membership. */
  addMember(organizationId: string, spaceId: string, userId: string): Promise<SpaceMemberRecord> {
    return this.db.spaceMember.upsert({
      where: { spaceId_userId: { spaceId, userId } },
      create: { organizationId, spaceId, userId },
      update: {},
      select: spaceMemberSelect,
    });
  }

  async removeMember(spaceId: string, userId: string): Promise<boolean> {
    const { count } = await this.db.spaceMember.deleteMany({ where: { spaceId, userId } });
    return count > 0;
  }

  markVisited(spaceId: string, userId: string, at: Date): Promise<SpaceMemberRecord> {
    return this.db.spaceMember.update({
      where: { spaceId_userId: { spaceId, userId } },
      data: { lastVisitedAt: at },
      select: spaceMemberSelect,
    });
  }

  /** One page of members per space, oldest membership first, in a single query. */
  listMembersBySpaces(spaceIds: readonly string[], page: SpaceMemberPage): Promise<SpaceMemberRecord[]> {
    if (spaceIds.length === 0) return Promise.resolve([]);
    const after = page.afterId ? Prisma.sql`AND m.id > ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<SpaceMemberRecord[]>`
      SELECT ${sqlColumns(spaceMemberSelect)} FROM (
        SELECT m.*, row_number() OVER (PARTITION BY m."spaceId" ORDER BY m.id) AS position
        FROM "SpaceMember" m
        WHERE m."spaceId" IN (${Prisma.join([...spaceIds])}) ${after}
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY id`;
  }

  async countMembers(spaceIds: readonly string[]): Promise<{ spaceId: string; count: number }[]> {
    const groups = await this.db.spaceMember.groupBy({
      by: ['spaceId'],
      where: { spaceId: { in: [...spaceIds] } },
      _count: { _all: true },
    });
    return groups.map((group) => ({ spaceId: group.spaceId, count: group._count._all }));
  }

  /**
   * Unread posts per space for one member: live posts by others since their last visit (or since
   * they joined). One query for all the spaces asked about.
   */
  async countUnread(memberships: readonly SpaceMemberRecord[]): Promise<{ spaceId: string; count: number }[]> {
    const [first] = memberships;
    if (!first) return [];
    const groups = await this.db.post.groupBy({
      by: ['spaceId'],
      where: {
        deletedAt: null,
        hiddenAt: null,
        authorId: { not: first.userId },
        OR: memberships.map((m) => ({ spaceId: m.spaceId, createdAt: { gt: m.lastVisitedAt ?? m.joinedAt } })),
      },
      _count: { _all: true },
    });
    return groups.flatMap((group) => (group.spaceId ? [{ spaceId: group.spaceId, count: group._count._all }] : []));
  }
}
