import type { MemberFact } from '@plaza/events';
import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';

const recipientSelect = { userId: true, email: true, left: true } satisfies Prisma.NotificationRecipientSelect;

export type RecipientRecord = Prisma.NotificationRecipientGetPayload<{ select: typeof recipientSelect }>;

/** `EXCLUDED.<column>` is newer than the stored one; versions compare bytewise, whatever the database's collation. */
const newer = (column: 'membershipVersion' | 'profileVersion') =>
  Prisma.raw(`EXCLUDED."${column}" COLLATE "C" > r."${column}" COLLATE "C"`);

export class RecipientRepository {
  constructor(private readonly db: Db) {}

  findByUsers(organizationId: string, userIds: readonly string[]): Promise<RecipientRecord[]> {
    return this.db.notificationRecipient.findMany({ where: { organizationId, userId: { in: [...userIds] } }, select: recipientSelect });
  }

  /** Members of the organization with one of `roles` who have not left. */
  async findUserIdsByRoles(organizationId: string, roles: readonly string[]): Promise<string[]> {
    const rows = await this.db.notificationRecipient.findMany({
      where: { organizationId, left: false, role: { in: [...roles] } },
      orderBy: { userId: 'asc' },
      select: { userId: true },
    });
    return rows.map((row) => row.userId);
  }

  /**
   * Applies each part of the fact the row holds an older version of, in one statement (so
   * concurrent deliveries of events about the same member cannot interleave). A part the fact
   * lacks goes in with the empty version, which never wins over a stored one. The comparison
   * stays in SQL rather than in the service: a read-then-write would let two events race.
   */
  async apply(fact: MemberFact): Promise<void> {
    const { membership, profile } = fact;
    await this.db.$executeRaw`
      INSERT INTO "NotificationRecipient" AS r ("organizationId", "userId", "email", "left", "role", "membershipVersion", "profileVersion", "updatedAt")
      VALUES (${fact.organizationId}, ${fact.userId}, ${profile?.email ?? null}, ${membership?.left ?? false}, ${membership?.role ?? null},
              ${membership ? fact.version : ''}, ${profile ? fact.version : ''}, now())
      ON CONFLICT ("organizationId", "userId") DO UPDATE SET
        "left" = CASE WHEN ${newer('membershipVersion')} THEN EXCLUDED."left" ELSE r."left" END,
        "role" = CASE WHEN ${newer('membershipVersion')} THEN EXCLUDED."role" ELSE r."role" END,
        "membershipVersion" = CASE WHEN ${newer('membershipVersion')} THEN EXCLUDED."membershipVersion" ELSE r."membershipVersion" END,
        "email" = CASE WHEN ${newer('profileVersion')} THEN EXCLUDED."email" ELSE r."email" END,
        "profileVersion" = CASE WHEN ${newer('profileVersion')} THEN EXCLUDED."profileVersion" ELSE r."profileVersion" END,
        "updatedAt" = now()
      WHERE ${newer('membershipVersion')} OR ${newer('profileVersion')}`;
  }
}
