import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { GroupRole } from '../generated/prisma/enums.ts';

const groupSelect = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  avatarUrl: true,
  ownerId: true,
  joinPolicy: true,
  createdAt: true,
} satisfies Prisma.GroupSelect;

export type GroupRecord = Prisma.GroupGetPayload<{ select: typeof groupSelect }>;

const groupMemberSelect = { id: true, groupId: true, userId: true, role: true, joinedAt: true } satisfies Prisma.GroupMemberSelect;

export type GroupMemberRecord = Prisma.GroupMemberGetPayload<{ select: typeof groupMemberSelect }>;

const groupInviteSelect = {
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
} satisfies Prisma.GroupInviteSelect;

export type GroupInviteRecord = Prisma.GroupInviteGetPayload<{ select: typeof groupInviteSelect }>;

const groupBanSelect = {
  id: true,
  groupId: true,
  userId: true,
  reason: true,
  bannedById: true,
  createdAt: true,
} satisfies Prisma.GroupBanSelect;

export type GroupBanRecord = Prisma.GroupBanGetPayload<{ select: typeof groupBanSelect }>;

/** One page of a group's members, invites or bans: the page of the paged member loader. */
export interface GroupPage {
  afterId?: string;
  take: number;
}

const live = (organizationId: string) => ({ organizationId, deletedAt: null });

export class GroupRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<GroupRecord[]> {
    return this.db.group.findMany({ where: { ...live(organizationId), id: { in: [...ids] } }, select: groupSelect });
  }

  /**
   * Ids of the live groups of the organization that `userId` is not banned from; with
   * `membersOnly`, only those they are a member of. Who gets which is content-scope.ts's rule.
   */
  async findReadableIds(organizationId: string, userId: string, options: { membersOnly: boolean }): Promise<string[]> {
    const rows = await this.db.group.findMany({
      where: {
        ...live(organizationId),
        bans: { none: { userId } },
        ...(options.membersOnly ? { members: { some: { userId } } } : {}),
      },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** Oldest first, keyset-paginated on the time-ordered id. */
  list(organizationId: string, page: GroupPage): Promise<GroupRecord[]> {
    return this.db.group.findMany({
      where: { ...live(organizationId), ...(page.afterId ? { id: { gt: page.afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: page.take,
      select: groupSelect,
    });
  }

  create(data: Omit<GroupRecord, 'id' | 'createdAt'>): Promise<GroupRecord> {
    return this.db.group.create({ data, select: groupSelect });
  }

  update(id: string, changes: Partial<Pick<GroupRecord, 'name' | 'description' | 'avatarUrl' | 'joinPolicy'>>): Promise<GroupRecord> {
    return this.db.group.update({ where: { id }, data: changes, select: groupSelect });
  }

  async softDelete(id: string, at: Date): Promise<void> {
    await this.db.group.update({ where: { id }, data: { deletedAt: at }, select: { id: true } });
  }

  findMembership(groupId: string, userId: string): Promise<GroupMemberRecord | null> {
    return this.db.groupMember.findUnique({ where: { groupId_userId: { groupId, userId } }, select: groupMemberSelect });
  }

  findMembershipsOfUser(userId: string, groupIds: readonly string[]): Promise<GroupMemberRecord[]> {
    return this.db.groupMember.findMany({ where: { userId, groupId: { in: [...groupIds] } }, select: groupMemberSelect });
  }

  /** Idempotent: an existing membership is returned unchanged. */
  addMember(organizationId: string, groupId: string, userId: string, role: GroupRole): Promise<GroupMemberRecord> {
    return this.db.groupMember.upsert({
      where: { groupId_userId: { groupId, userId } },
      create: { organizationId, groupId, userId, role },
      update: {},
      select: groupMemberSelect,
    });
  }

  async removeMember(groupId: string, userId: string): Promise<boolean> {
    const { count } = await this.db.groupMember.deleteMany({ where: { groupId, userId } });
    return count > 0;
  }

  setRole(groupId: string, userId: string, role: GroupRole): Promise<GroupMemberRecord> {
    return this.db.groupMember.update({ where: { groupId_userId: { groupId, userId } }, data: { role }, select: groupMemberSelect });
  }

  /** One page of members per group, oldest membership first, in a single query. */
  listMembersByGroups(groupIds: readonly string[], page: GroupPage): Promise<GroupMemberRecord[]> {
    if (groupIds.length === 0) return Promise.resolve([]);
    const after = page.afterId ? Prisma.sql`AND m.id > ${page.afterId}` : Prisma.empty;
    // The enum column is read as text: the row then has exactly GroupMemberRecord's shape.
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
    const groups = await this.db.groupMember.groupBy({
      by: ['groupId'],
      where: { groupId: { in: [...groupIds] } },
      _count: { _all: true },
    });
    return groups.map((group) => ({ groupId: group.groupId, count: group._count._all }));
  }

  findBan(groupId: string, userId: string): Promise<GroupBanRecord | null> {
    return this.db.groupBan.findUnique({ where: { groupId_userId: { groupId, userId } }, select: groupBanSelect });
  }

  /** Which of `userIds` are banned from the group. */
  async findBannedUserIds(groupId: string, userIds: readonly string[]): Promise<string[]> {
    const bans = await this.db.groupBan.findMany({ where: { groupId, userId: { in: [...userIds] } }, select: { userId: true } });
    return bans.map((ban) => ban.userId);
  }

  createBan(data: Omit<GroupBanRecord, 'id' | 'createdAt'> & { organizationId: string }): Promise<GroupBanRecord> {
    return this.db.groupBan.create({ data, select: groupBanSelect });
  }

  findBansOfUser(userId: string, groupIds: readonly string[]): Promise<GroupBanRecord[]> {
    return this.db.groupBan.findMany({ where: { userId, groupId: { in: [...groupIds] } }, select: groupBanSelect });
  }

  async deleteBan(groupId: string, userId: string): Promise<boolean> {
    const { count } = await this.db.groupBan.deleteMany({ where: { groupId, userId } });
    return count > 0;
  }

  listBans(groupId: string, page: GroupPage): Promise<GroupBanRecord[]> {
    return this.db.groupBan.findMany({
      where: { groupId, ...(page.afterId ? { id: { gt: page.afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: page.take,
      select: groupBanSelect,
    });
  }

  createInvite(
    data: Pick<GroupInviteRecord, 'organizationId' | 'groupId' | 'code' | 'createdById' | 'expiresAt' | 'maxUses'>,
  ): Promise<GroupInviteRecord> {
    return this.db.groupInvite.create({ data, select: groupInviteSelect });
  }

  findInviteByCode(organizationId: string, code: string): Promise<GroupInviteRecord | null> {
    return this.db.groupInvite.findFirst({ where: { organizationId, code }, select: groupInviteSelect });
  }

  findInviteById(organizationId: string, id: string): Promise<GroupInviteRecord | null> {
    return this.db.groupInvite.findFirst({ where: { organizationId, id }, select: groupInviteSelect });
  }

  revokeInvite(id: string, at: Date): Promise<GroupInviteRecord> {
    return this.db.groupInvite.update({ where: { id }, data: { revokedAt: at }, select: groupInviteSelect });
  }

  /** Newest first. */
  listInvites(groupId: string, page: GroupPage): Promise<GroupInviteRecord[]> {
    return this.db.groupInvite.findMany({
      where: { groupId, ...(page.afterId ? { id: { lt: page.afterId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
      select: groupInviteSelect,
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
