import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { sqlColumns } from '../sql.ts';

const followSelect = { id: true, organizationId: true, followerId: true, followeeId: true, createdAt: true } satisfies Prisma.FollowSelect;

export type FollowRecord = Prisma.FollowGetPayload<{ select: typeof followSelect }>;

/** One page of a user's followers or followed users: the page of the paged follow loaders. */
export interface FollowPage {
  afterId?: string;
  take: number;
}

export class FollowRepository {
  constructor(private readonly db: Db) {}

  /** Adds the follow unless it exists (no-op, also under concurrency); returns it when it was added. */
  async addIfAbsent(data: Pick<FollowRecord, 'organizationId' | 'followerId' | 'followeeId'>): Promise<FollowRecord | null> {
    const [created] = await this.db.follow.createManyAndReturn({ data: [data], skipDuplicates: true, select: followSelect });
    return created ?? null;
  }

  async remove(key: Pick<FollowRecord, 'organizationId' | 'followerId' | 'followeeId'>): Promise<boolean> {
    const { count } = await this.db.follow.deleteMany({ where: key });
    return count > 0;
  }

  /**
   * One page of follows per user in a single query, newest first: who follows each user
   * (`by: 'followeeId'`) or whom each user follows (`by: 'followerId'`).
   */
  listByUsers(
    organizationId: string,
    by: 'followeeId' | 'followerId',
    userIds: readonly string[],
    page: FollowPage,
  ): Promise<FollowRecord[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    const column = Prisma.raw(`f."${by}"`);
    const after = page.afterId ? Prisma.sql`AND f.id < ${page.afterId}` : Prisma.empty;
    return this.db.$queryRaw<FollowRecord[]>`
      SELECT ${sqlColumns(followSelect)} FROM (
        SELECT f.*, row_number() OVER (PARTITION BY ${column} ORDER BY f.id DESC) AS position
        FROM "Follow" f
        WHERE f."organizationId" = ${organizationId} AND ${column} IN (${Prisma.join([...userIds])}) ${after}
      ) ranked
      WHERE position <= ${page.take}
      ORDER BY id DESC`;
  }

  async countByUsers(
    organizationId: string,
    by: 'followeeId' | 'followerId',
    userIds: readonly string[],
  ): Promise<{ userId: string; count: number }[]> {
    const groups = await this.db.follow.groupBy({
      by: [by],
      where: { organizationId, [by]: { in: [...userIds] } },
      _count: { _all: true },
    });
    return groups.map((group) => ({ userId: group[by], count: group._count._all }));
  }

  /** Which of `followeeIds` the follower follows. */
  findFollowed(organizationId: string, followerId: string, followeeIds: readonly string[]): Promise<{ followeeId: string }[]> {
    return this.db.follow.findMany({
      where: { organizationId, followerId, followeeId: { in: [...followeeIds] } },
      select: { followeeId: true },
    });
  }
}
