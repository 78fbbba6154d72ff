import type { Db } from '../db.ts';

const lessonColumns = {
  id: true,
  organizationId: true,
  courseId: true,
  title: true,
  position: true,
  durationMinutes: true,
  createdAt: true,
} as const;

export interface LessonRecord {
  id: string;
  organizationId: string;
  courseId: string;
  title: string;
  position: number;
  durationMinutes: number;
  createdAt: Date;
}

export class LessonRepository {
  constructor(private readonly db: Db) {}

  /** Lessons of the given courses, each course's in position order. */
  findByCourseIds(organizationId: string, courseIds: readonly string[]): Promise<LessonRecord[]> {
    return this.db.lesson.findMany({
      where: { organizationId, courseId: { in: [...courseIds] } },
      orderBy: [{ courseId: 'asc' }, { position: 'asc' }],
      select: lessonColumns,
    });
  }

  countByCourse(organizationId: string, courseId: string): Promise<number> {
    return this.db.lesson.count({ where: { organizationId, courseId } });
  }

  async positionTaken(courseId: string, position: number): Promise<boolean> {
    return (await this.db.lesson.count({ where: { courseId, position } })) > 0;
  }

  async lastPosition(courseId: string): Promise<number> {
    const { _max } = await this.db.lesson.aggregate({ where: { courseId }, _max: { position: true } });
    return _max.position ?? 0;
  }

  create(data: Omit<LessonRecord, 'id' | 'createdAt'>): Promise<LessonRecord> {
    return this.db.lesson.create({ data, select: lessonColumns });
  }
}
