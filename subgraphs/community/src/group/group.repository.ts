import type { Db } from '../db.ts';
import type { GroupJoinPolicy, GroupRole } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';

const groupColumns = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  avatarUrl: true,
  ownerId: true,
  joinPolicy: true,
  createdAt: true,
} as const;

export interface GroupRecord {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  avatarUrl: string | null;
  ownerId: string;
  joinPolicy: GroupJoinPolicy;
  createdAt: Date;
}

const memberColumns = { id: true, groupId: true, userId: true, role: true, joinedAt: true } as const;

export interface GroupMemberRecord {
  id: string;
  groupId: string;
  userId: string;
  role: GroupRole;
  joinedAt: Date;
}

const inviteColumns = {
  id: true,
  organizationId: true,
  groupId: true,
  code: true,
  createdById: true,
  expiresAt: true,
  maxUses: true,
  uses: true,
  revokedAt: true,
  createdAt: true,
} as const;

export interface GroupInviteRecord {
  id: string;
  organizationId: string;
  groupId: string;
  code: string;
  createdById: string;
  expiresAt: Date | null;
  maxUses: number | null;
  uses: number;
  revokedAt: Date | null;
  createdAt: Date;
}

const banColumns = { id: true, groupId: true, userId: true, reason: true, bannedById: true, createdAt: true } as const;

export interface GroupBanRecord {
  id: string;
  groupId: string;
  userId: string;
  reason: string;
  bannedById: string;
  createdAt: Date;
}

export interface Page {
  afterId?: string;
  take: number;
}

const live = (organizationId: string) => ({ organizationId, deletedAt: null });

export class GroupRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<GroupRecord[]> {
    return this.db.group.findMany({ where: { ...live(organizationId), id: { in: [...ids] } }, select: groupColumns });
  }

  /** Oldest first, keyset-paginated on the time-ordered id. */
  list(organizationId: string, page: Page): Promise<GroupRecord[]> {
    return this.db.group.findMany({
      where: { ...live(organizationId), ...(page.afterId ? { id: { gt: page.afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: page.take,
      select: groupColumns,
    });
  }

  create(data: Omit<GroupRecord, 'id' | 'createdAt'>): Promise<GroupRecord> {
    return this.db.group.create({ data, select: groupColumns });
  }

  update(id: string, changes: Partial<Pick<GroupRecord, 'name' | 'description' | 'avatarUrl' | 'joinPolicy'>>): Promise<GroupRecord> {
    return this.db.group.update({ where: { id }, data: changes, select: groupColumns });
  }

  softDelete(id: string, at: Date): Promise<unknown> {
    return this.db.group.update({ where: { id }, data: { deletedAt: at }, select: { id: true } });
  }

  findMembership(groupId: string, userId: string): Promise<GroupMemberRecord | null> {
    return this.db.groupMember.findUnique({ where: { groupId_userId: { groupId, userId } }, select: memberColumns });
  }

  findMembershipsOfUser(userId: string, groupIds: readonly string[]): Promise<GroupMemberRecord[]> {
    return this.db.groupMember.findMany({ where: { userId, groupId: { in: [...groupIds] } }, select: memberColumns });
  }

  /** Idempotent: an existing membership is returned unchanged. */
  addMember(organizationId: string, groupId: string, userId: string, role: GroupRole): Promise<GroupMemberRecord> {
    return this.db.groupMember.upsert({
      where: { groupId_userId: { groupId, userId } },
      create: { organizationId, groupId, userId, role },
      update: {},
      select: memberColumns,
    });
  }

  async removeMember(groupId: string, userId: string): Promise<boolean> {
    const { count } = await this.db.groupMember.deleteMany({ where: { groupId, userId } });
    return count > 0;
  }

  setRole(groupId: string, userId: string, role: GroupRole): Promise<GroupMemberRecord> {
    return this.db.groupMember.update({ where: { groupId_userId: { groupId, userId } }, data: { role }, select: memberColumns });
  }

  /** One page of members per group, oldest membership first, in a single query. */
  listMembersByGroups(groupIds: readonly string[], page: Page): Promise<GroupMemberRecord[]> {
    const after = page.afterId ? Prisma.sql`AND m.id > ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<GroupMemberRecord[]>`
      SELECT id, "groupId", "userId", role::text AS role, "joinedAt" FROM (
        SELECT m.*, row_number() OVER (PARTITION BY m."groupId" ORDER BY m.id) AS position
        FROM "GroupMember" m
        WHERE m."groupId" IN (${Prisma.join([...groupIds])}) ${after}
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY id`;
  }

  async countMembers(groupIds: readonly string[]): Promise<{ groupId: string; count: number }[]> {
    const groups = await this.db.groupMember.groupBy({ by: ['groupId'], where: { groupId: { in: [...groupIds] } }, _count: { _all: true } });
    return groups.map((group) => ({ groupId: group.groupId, count: group._count._all }));
  }

  findBan(groupId: string, userId: string): Promise<GroupBanRecord | null> {
    return this.db.groupBan.findUnique({ where: { groupId_userId: { groupId, userId } }, select: banColumns });
  }

  createBan(data: Omit<GroupBanRecord, 'id' | 'createdAt'> & { organizationId: string }): Promise<GroupBanRecord> {
    return this.db.groupBan.create({ data, select: banColumns });
  }

  findBansOfUser(userId: string, groupIds: readonly string[]): Promise<GroupBanRecord[]> {
    return this.db.groupBan.findMany({ where: { userId, groupId: { in: [...groupIds] } }, select: banColumns });
  }

  async deleteBan(groupId: string, userId: string): Promise<boolean> {
    const { count } = await this.db.groupBan.deleteMany({ where: { groupId, userId } });
    return count > 0;
  }

  listBans(groupId: string, page: Page): Promise<GroupBanRecord[]> {
    return this.db.groupBan.findMany({
      where: { groupId, ...(page.afterId ? { id: { gt: page.afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: page.take,
      select: banColumns,
    });
  }

  createInvite(data: Pick<GroupInviteRecord, 'organizationId' | 'groupId' | 'code' | 'createdById' | 'expiresAt' | 'maxUses'>): Promise<GroupInviteRecord> {
    return this.db.groupInvite.create({ data, select: inviteColumns });
  }

  findInviteByCode(organizationId: string, code: string): Promise<GroupInviteRecord | null> {
    return this.db.groupInvite.findFirst({ where: { organizationId, code }, select: inviteColumns });
  }

  findInviteById(organizationId: string, id: string): Promise<GroupInviteRecord | null> {
    return this.db.groupInvite.findFirst({ where: { organizationId, id }, select: inviteColumns });
  }

  revokeInvite(id: string, at: Date): Promise<GroupInviteRecord> {
    return this.db.groupInvite.update({ where: { id }, data: { revokedAt: at }, select: inviteColumns });
  }

  listInvites(groupId: string, page: Page): Promise<GroupInviteRecord[]> {
    return this.db.groupInvite.findMany({
      where: { groupId, ...(page.afterId ? { id: { lt: page.afterId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
      select: inviteColumns,
    });
  }

  /**
   * Takes one use of an invite if it is still valid at `now`. A single conditional UPDATE: the
   * row lock makes concurrent redemptions of the last use queue, and the loser sees the
   * incremented count and matches nothing. Returns whether a use was taken.
   */
  async consumeInviteUse(id: string, now: Date): Promise<boolean> {
    const count = await this.db.$executeRaw`
      UPDATE "GroupInvite" SET uses = uses + 1
      WHERE id = ${id}
        AND "revokedAt" IS NULL
        AND ("expiresAt" IS NULL OR "expiresAt" > ${now})
        AND ("maxUses" IS NULL OR uses < "maxUses")`;
    return count === 1;
  }
}
