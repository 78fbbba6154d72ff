import type { Db } from '../db.ts';
import type { CourseStatus } from '../generated/prisma/enums.ts';

const courseColumns = {
  id: true,
  organizationId: true,
  title: true,
  description: true,
  instructorId: true,
  status: true,
  publishedAt: true,
  createdAt: true,
} as const;

export interface CourseRecord {
  id: string;
  organizationId: string;
  title: string;
  description: string | null;
  instructorId: string;
  status: CourseStatus;
  publishedAt: Date | null;
  createdAt: Date;
}

export class CourseRepository {
  constructor(private readonly db: Db) {}

  findInOrganization(organizationId: string, id: string): Promise<CourseRecord | null> {
    return this.db.course.findFirst({ where: { id, organizationId }, select: courseColumns });
  }

  findByIdsInOrganization(
    organizationId: string,
    ids: readonly string[],
    statuses: readonly CourseStatus[],
  ): Promise<CourseRecord[]> {
    return this.db.course.findMany({
      where: { organizationId, id: { in: [...ids] }, status: { in: [...statuses] } },
      select: courseColumns,
    });
  }

  /** Newest first, keyset-paginated on the time-ordered id. */
  listByOrganization(
    organizationId: string,
    options: { statuses: readonly CourseStatus[]; afterId?: string; take: number },
  ): Promise<CourseRecord[]> {
    return this.db.course.findMany({
      where: {
        organizationId,
        status: { in: [...options.statuses] },
        ...(options.afterId ? { id: { lt: options.afterId } } : {}),
      },
      orderBy: { id: 'desc' },
      take: options.take,
      select: courseColumns,
    });
  }

  create(data: { organizationId: string; title: string; description: string | null; instructorId: string }): Promise<CourseRecord> {
    return this.db.course.create({ data, select: courseColumns });
  }

  updateStatus(id: string, data: { status: CourseStatus; publishedAt?: Date }): Promise<CourseRecord> {
    return this.db.course.update({ where: { id }, data, select: courseColumns });
  }
}
