import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Role } from '../generated/prisma/enums.ts';

const membershipSelect = { id: true, organizationId: true, userId: true, role: true, createdAt: true } satisfies Prisma.MembershipSelect;

export type MembershipRecord = Prisma.MembershipGetPayload<{ select: typeof membershipSelect }>;

export class MembershipRepository {
  constructor(private readonly db: Db) {}

  find(organizationId: string, userId: string): Promise<MembershipRecord | null> {
    return this.db.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: membershipSelect,
    });
  }

  findByUsersInOrganization(organizationId: string, userIds: readonly string[]): Promise<MembershipRecord[]> {
    return this.db.membership.findMany({
      where: { organizationId, userId: { in: [...userIds] } },
      select: membershipSelect,
    });
  }

  findByUser(userId: string): Promise<MembershipRecord[]> {
    return this.db.membership.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: membershipSelect });
  }

  /** The membership the user joined first: where a fresh sign-in lands. */
  findFirstOfUser(userId: string): Promise<MembershipRecord | null> {
    return this.db.membership.findFirst({ where: { userId }, orderBy: { createdAt: 'asc' }, select: membershipSelect });
  }

  /** Oldest first, keyset-paginated on the time-ordered id. */
  listByOrganization(organizationId: string, options: { afterId?: string; take: number }): Promise<MembershipRecord[]> {
    return this.db.membership.findMany({
      where: { organizationId, ...(options.afterId ? { id: { gt: options.afterId } } : {}) },
      orderBy: { id: 'asc' },
      take: options.take,
      select: membershipSelect,
    });
  }

  create(data: { organizationId: string; userId: string; role: Role }): Promise<MembershipRecord> {
    return this.db.membership.create({ data, select: membershipSelect });
  }

  updateRole(id: string, role: Role): Promise<MembershipRecord> {
    return this.db.membership.update({ where: { id }, data: { role }, select: membershipSelect });
  }

  async delete(id: string): Promise<void> {
    await this.db.membership.delete({ where: { id }, select: { id: true } });
  }

  /**
   * Locks the organization's owner rows and counts them. Called inside the transaction that
   * demotes or removes an owner, so two concurrent demotions cannot both see "another owner left".
   */
  async countOwnersForUpdate(organizationId: string): Promise<number> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Membership" WHERE "organizationId" = ${organizationId} AND role = 'OWNER' FOR UPDATE`;
    return rows.length;
  }
}
