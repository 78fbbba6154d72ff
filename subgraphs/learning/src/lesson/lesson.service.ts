import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { LearningRepositories } from '../repositories.ts';
import type { LessonRecord } from './lesson.repository.ts';
import type { addLessonInput } from './lesson.validation.ts';

export class LessonService {
  constructor(private readonly deps: { data: DataAccess<LearningRepositories> }) {}

  /**
   * Lessons of the given courses, in position order, confined to the viewer's organization. The
   * courses themselves were already checked visible: lessons are only reached through them.
   */
  async findByCourseIds(viewer: Viewer, courseIds: readonly string[]): Promise<LessonRecord[]> {
    if (!viewer.userId || !viewer.organizationId) return [];
    return this.deps.data.repositories(viewer).lessons.findByCourseIds(viewer.organizationId, courseIds);
  }

  /**
   * Adds a lesson at the given position, or after the last one. The unique (course, position)
   * index still guards two concurrent adds; the check here gives the usual case a clear message.
   */
  async add(viewer: Viewer, courseId: string, input: z.output<typeof addLessonInput>): Promise<LessonRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ courses, lessons }) => {
      const course = await courses.findInOrganization(admin.organizationId, courseId);
      if (!course) throw notFound('Course', courseId);
      if (course.status === 'ARCHIVED') {
        throw new DomainError('CONFLICT', `Course ${courseId} is archived; lessons can no longer be added`, { status: course.status });
      }
      const position = input.position ?? (await lessons.lastPosition(courseId)) + 1;
      if (await lessons.positionTaken(courseId, position)) {
        throw new DomainError('CONFLICT', `Course ${courseId} already has a lesson at position ${position}`, {
          field: 'position',
          position,
        });
      }
      return lessons.create({
        organizationId: admin.organizationId,
        courseId,
        title: input.title,
        position,
        durationMinutes: input.durationMinutes,
      });
    });
  }
}
