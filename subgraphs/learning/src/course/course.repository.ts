import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { CourseStatus } from '../generated/prisma/enums.ts';

const courseSelect = {
  id: true,
  organizationId: true,
  title: true,
  description: true,
  instructorId: true,
  status: true,
  publishedAt: true,
  createdAt: true,
} satisfies Prisma.CourseSelect;

export type CourseRecord = Prisma.CourseGetPayload<{ select: typeof courseSelect }>;

/** The columns a new course is written with; it starts as a draft, the database fills in the rest. */
export type NewCourse = Pick<CourseRecord, 'organizationId' | 'title' | 'description' | 'instructorId'>;

export class CourseRepository {
  constructor(private readonly db: Db) {}

  findInOrganization(organizationId: string, id: string): Promise<CourseRecord | null> {
    return this.db.course.findFirst({ where: { id, organizationId }, select: courseSelect });
  }

  findByIdsInOrganization(organizationId: string, ids: readonly string[], statuses: readonly CourseStatus[]): Promise<CourseRecord[]> {
    return this.db.course.findMany({
      where: { organizationId, id: { in: [...ids] }, status: { in: [...statuses] } },
      select: courseSelect,
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
      select: courseSelect,
    });
  }

  create(data: NewCourse): Promise<CourseRecord> {
    return this.db.course.create({ data, select: courseSelect });
  }

  updateStatus(id: string, data: Pick<CourseRecord, 'status'> & { publishedAt?: Date }): Promise<CourseRecord> {
    return this.db.course.update({ where: { id }, data, select: courseSelect });
  }
}
