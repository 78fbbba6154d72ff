import type { Db } from '../db.ts';
import type { MembershipTier } from '../generated/prisma/enums.ts';

/**
 * The tier part of community's member directory (OrganizationMember.tier): commerce's membership
 * events keep it. One statement guarded by the version, so replays and late events change nothing.
 */
export class MemberTierRepository {
  constructor(private readonly db: Db) {}

  async apply(fact: { organizationId: string; userId: string; tier: MembershipTier; version: string }): Promise<void> {
    // The tier may arrive before identity's joined event: the row then waits with an empty membership version.
    await this.db.$executeRaw`
      INSERT INTO "OrganizationMember" AS m ("organizationId", "userId", "tier", "tierVersion", "version", "updatedAt")
      VALUES (${fact.organizationId}, ${fact.userId}, ${fact.tier}::"MembershipTier", ${fact.version}, '', now())
      ON CONFLICT ("organizationId", "userId") DO UPDATE SET
        "tier" = EXCLUDED."tier", "tierVersion" = EXCLUDED."tierVersion", "updatedAt" = now()
      WHERE EXCLUDED."tierVersion" COLLATE "C" > m."tierVersion" COLLATE "C"`;
  }
}
