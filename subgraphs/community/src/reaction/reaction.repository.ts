import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ContentType } from '../generated/prisma/enums.ts';

/**
 * Reactions of one emoji on one subject: exactly the columns `summarize` selects (an aggregate,
 * so no Prisma select describes it).
 */
export interface ReactionSummaryRecord {
  subjectId: string;
  emoji: string;
  count: number;
  viewerHasReacted: boolean;
}

export class ReactionRepository {
  constructor(private readonly db: Db) {}

  /** Adds the reaction unless it exists (no-op, also under concurrency); returns its id when it was added. */
  async addIfAbsent(data: {
    organizationId: string;
    subjectType: ContentType;
    subjectId: string;
    userId: string;
    emoji: string;
  }): Promise<string | null> {
    const [created] = await this.db.reaction.createManyAndReturn({ data: [data], skipDuplicates: true, select: { id: true } });
    return created?.id ?? null;
  }

  /** Removes the reaction; returns its id when this call removed it (a concurrent remove gets null). */
  async remove(key: { subjectType: ContentType; subjectId: string; userId: string; emoji: string }): Promise<string | null> {
    const [removed] = await this.db.$queryRaw<{ id: string }[]>`
      DELETE FROM "Reaction"
      WHERE "subjectType" = ${key.subjectType}::"ContentType" AND "subjectId" = ${key.subjectId}
        AND "userId" = ${key.userId} AND emoji = ${key.emoji}
      RETURNING id`;
    return removed?.id ?? null;
  }

  /** Per subject and emoji: how many, and whether `viewerId` is among them; emoji in order of first use. One query. */
  summarize(
    organizationId: string,
    subjectType: ContentType,
    subjectIds: readonly string[],
    viewerId: string,
  ): Promise<ReactionSummaryRecord[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<ReactionSummaryRecord[]>`
      SELECT "subjectId", emoji, count(*)::int AS count, bool_or("userId" = ${viewerId}) AS "viewerHasReacted"
      FROM "Reaction"
      WHERE "organizationId" = ${organizationId} AND "subjectType" = ${subjectType}::"ContentType"
        AND "subjectId" IN (${Prisma.join([...subjectIds])})
      GROUP BY "subjectId", emoji
      ORDER BY min(id)`;
  }
}
