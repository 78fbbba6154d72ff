import type { Db } from '../db.ts';
import type { ContentType } from '../generated/prisma/enums.ts';

export class MentionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records that `byUserId` mentioned each user on the subject; users mentioned there before are
   * skipped (also under concurrency). Returns the users whose mention is new.
   */
  async addIfAbsent(mention: {
    organizationId: string;
    subjectType: ContentType;
    subjectId: string;
    byUserId: string;
    mentionedUserIds: readonly string[];
  }): Promise<string[]> {
    const { mentionedUserIds, ...subject } = mention;
    const created = await this.db.mention.createManyAndReturn({
      data: mentionedUserIds.map((mentionedUserId) => ({ ...subject, mentionedUserId })),
      skipDuplicates: true,
      select: { mentionedUserId: true },
    });
    return created.map((row) => row.mentionedUserId);
  }
}
