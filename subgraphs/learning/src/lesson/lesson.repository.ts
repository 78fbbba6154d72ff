import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const lessonSelect = {
  id: true,
  organizationId: true,
  courseId: true,
  title: true,
  position: true,
  durationMinutes: true,
  createdAt: true,
} satisfies Prisma.LessonSelect;

export type LessonRecord = Prisma.LessonGetPayload<{ select: typeof lessonSelect }>;

/** The columns a new lesson is written with; the database fills in id and timestamps. */
export type NewLesson = Omit<LessonRecord, 'id' | 'createdAt'>;

export class LessonRepository {
  constructor(private readonly db: Db) {}

  /** Lessons of the given courses, each course's in position order. */
  findByCourseIds(organizationId: string, courseIds: readonly string[]): Promise<LessonRecord[]> {
    return this.db.lesson.findMany({
      where: { organizationId, courseId: { in: [...courseIds] } },
      orderBy: [{ courseId: 'asc' }, { position: 'asc' }],
      select: lessonSelect,
    });
  }

  countByCourse(organizationId: string, courseId: string): Promise<number> {
    return this.db.lesson.count({ where: { organizationId, courseId } });
  }

  async positionTaken(courseId: string, position: number): Promise<boolean> {
    return (await this.db.lesson.count({ where: { courseId, position } })) > 0;
  }

  /** The highest position in the course, 0 when it has no lessons. */
  async lastPosition(courseId: string): Promise<number> {
    const { _max } = await this.db.lesson.aggregate({ where: { courseId }, _max: { position: true } });
    return _max.position ?? 0;
  }

  create(data: NewLesson): Promise<LessonRecord> {
    return this.db.lesson.create({ data, select: lessonSelect });
  }
}
