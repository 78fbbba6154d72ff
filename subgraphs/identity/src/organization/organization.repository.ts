import type { Db } from '../db.ts';
import type { Plan, Role } from '../generated/prisma/enums.ts';
import type { JsonObject } from '@prisma/client/runtime/client';

const organizationColumns = { id: true, name: true, slug: true, settings: true, plan: true, createdAt: true } as const;

export interface OrganizationRecord {
  id: string;
  name: string;
  slug: string;
  settings: unknown;
  plan: Plan;
  createdAt: Date;
}

export class OrganizationRepository {
  constructor(private readonly db: Db) {}

  findByIds(ids: readonly string[]): Promise<OrganizationRecord[]> {
    return this.db.organization.findMany({ where: { id: { in: [...ids] } }, select: organizationColumns });
  }

  /** Organizations where each of `userIds` is a member, with the user id alongside. */
  async findByMemberIds(userIds: readonly string[]): Promise<(OrganizationRecord & { userId: string; role: Role })[]> {
    const memberships = await this.db.membership.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: { createdAt: 'asc' },
      select: { userId: true, role: true, organization: { select: organizationColumns } },
    });
    return memberships.map(({ organization, userId, role }) => ({ ...organization, userId, role }));
  }

  slugTaken(slug: string): Promise<boolean> {
    return this.db.organization.count({ where: { slug } }).then((count) => count > 0);
  }

  create(data: { name: string; slug: string; plan: Plan; settings?: JsonObject }): Promise<OrganizationRecord> {
    return this.db.organization.create({ data, select: organizationColumns });
  }
}
