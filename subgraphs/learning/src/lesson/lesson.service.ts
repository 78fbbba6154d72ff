import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireRole } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { CourseRepository } from '../course/course.repository.ts';
import type { PrismaClient } from '../db.ts';
import { LessonRepository, type LessonRecord } from './lesson.repository.ts';
import type { addLessonInput } from './lesson.validation.ts';

export class LessonService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /**
   * Adds a lesson at the given position, or after the last one. The unique (course, position)
   * index still guards two concurrent adds; the check here gives the usual case a clear message.
   */
  async add(viewer: Viewer, courseId: string, input: z.output<typeof addLessonInput>): Promise<LessonRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.deps.prisma.$transaction(async (tx) => {
      const course = await new CourseRepository(tx).findInOrganization(admin.organizationId, courseId);
      if (!course) throw notFound('Course', courseId);
      if (course.status === 'ARCHIVED') {
        throw new DomainError('CONFLICT', `Course ${courseId} is archived; lessons can no longer be added`, { status: course.status });
      }
      const lessons = new LessonRepository(tx);
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
