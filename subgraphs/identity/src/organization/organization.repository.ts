import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Plan, Role } from '../generated/prisma/enums.ts';

const organizationSelect = {
  id: true,
  name: true,
  slug: true,
  settings: true,
  plan: true,
  createdAt: true,
} satisfies Prisma.OrganizationSelect;

export type OrganizationRecord = Prisma.OrganizationGetPayload<{ select: typeof organizationSelect }>;

/** An organization as one of its members sees it: with their user id and role there. */
export type MemberOrganizationRecord = OrganizationRecord & { userId: string; role: Role };

export class OrganizationRepository {
  constructor(private readonly db: Db) {}

  findByIds(ids: readonly string[]): Promise<OrganizationRecord[]> {
    return this.db.organization.findMany({ where: { id: { in: [...ids] } }, select: organizationSelect });
  }

  /** Organizations where each of `userIds` is a member, with the user id alongside. */
  async findByMemberIds(userIds: readonly string[]): Promise<MemberOrganizationRecord[]> {
    const memberships = await this.db.membership.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: { createdAt: 'asc' },
      select: { userId: true, role: true, organization: { select: organizationSelect } },
    });
    return memberships.map(({ organization, userId, role }) => ({ ...organization, userId, role }));
  }

  async slugTaken(slug: string): Promise<boolean> {
    return (await this.db.organization.count({ where: { slug } })) > 0;
  }

  create(data: { id: string; name: string; slug: string; plan: Plan; settings?: Prisma.InputJsonObject }): Promise<OrganizationRecord> {
    return this.db.organization.create({ data, select: organizationSelect });
  }
}
