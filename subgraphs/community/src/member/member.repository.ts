import type { MemberFact } from '@plaza/events';
import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const activeMemberSelect = { userId: true, role: true } satisfies Prisma.OrganizationMemberSelect;

export type ActiveMemberRecord = Prisma.OrganizationMemberGetPayload<{ select: typeof activeMemberSelect }>;

export class OrganizationMemberRepository {
  constructor(private readonly db: Db) {}

  /** Those of `userIds` who are members of the organization now (not left). */
  findActive(organizationId: string, userIds: readonly string[]): Promise<ActiveMemberRecord[]> {
    return this.db.organizationMember.findMany({
      where: { organizationId, userId: { in: [...userIds] }, left: false },
      select: activeMemberSelect,
    });
  }

  /** Whether the directory holds the user as having left the organization (unknown users have not). */
  async hasLeft(organizationId: string, userId: string): Promise<boolean> {
    const row = await this.db.organizationMember.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: { left: true },
    });
    return row?.left ?? false;
  }

  /**
   * Writes the fact's membership unless the row holds a newer (or the same) event, in one
   * statement so concurrent deliveries about the same member cannot interleave. A left event
   * carries no role: the last known one stays.
   */
  async apply(fact: MemberFact & { membership: NonNullable<MemberFact['membership']> }): Promise<void> {
    await this.db.$executeRaw`
      INSERT INTO "OrganizationMember" AS m ("organizationId", "userId", "role", "left", "version", "updatedAt")
      VALUES (${fact.organizationId}, ${fact.userId}, ${fact.membership.role}, ${fact.membership.left}, ${fact.version}, now())
      ON CONFLICT ("organizationId", "userId") DO UPDATE SET
        "role" = COALESCE(EXCLUDED."role", m."role"),
        "left" = EXCLUDED."left",
        "version" = EXCLUDED."version",
        "updatedAt" = now()
      WHERE EXCLUDED."version" COLLATE "C" > m."version" COLLATE "C"`;
  }
}
