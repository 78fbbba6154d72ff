import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { CourseStatus } from '../generated/prisma/enums.ts';
import type { LearningRepositories } from '../repositories.ts';
import type { LessonRecord } from './lesson.repository.ts';
import { LessonService } from './lesson.service.ts';
import { addLessonInput } from './lesson.validation.ts';

const ORG = 'org-1';

/** One course of ORG with lessons at the given positions, in memory. */
function courseWith(status: CourseStatus, positions: number[] = []) {
  const course = {
    id: 'course-1',
    organizationId: ORG,
    title: 'Flow',
    description: null,
    instructorId: 'teacher',
    status,
    publishedAt: null,
    createdAt: new Date(2026, 0, 1),
  };
  const lessons: LessonRecord[] = positions.map((position) => ({
    id: `l-${position}`,
    organizationId: ORG,
    courseId: course.id,
    title: `Lesson ${position}`,
    position,
    durationMinutes: 20,
    createdAt: new Date(2026, 0, 1),
  }));
  const data = fakeDataAccess<LearningRepositories>({
    courses: {
      findInOrganization: async (organizationId, id) =>
        organizationId === course.organizationId && id === course.id ? { ...course } : null,
    },
    lessons: {
      lastPosition: async (courseId) =>
        Math.max(0, ...lessons.filter((lesson) => lesson.courseId === courseId).map((lesson) => lesson.position)),
      positionTaken: async (courseId, position) => lessons.some((lesson) => lesson.courseId === courseId && lesson.position === position),
      create: async (lesson) => {
        const row = { id: `l-${lesson.position}`, ...lesson, createdAt: new Date() };
        lessons.push(row);
        return { ...row };
      },
    },
  });
  return { service: new LessonService({ data }), lessons };
}

const viewer = (role: Role): Viewer => ({ userId: `user-${role}`, organizationId: ORG, role });
const lesson = (fields: { title?: string; position?: number } = {}) =>
  addLessonInput.parse({ title: 'Breathing', durationMinutes: 15, ...fields });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('LessonService', () => {
  it('appends a lesson after the last position when none is given', async () => {
    const { service } = courseWith('DRAFT', [1, 4]);
    expect(await service.add(viewer('ADMIN'), 'course-1', lesson())).toMatchObject({
      organizationId: ORG,
      courseId: 'course-1',
      position: 5,
    });
    expect((await service.add(viewer('OWNER'), 'course-1', lesson({ position: 2 }))).position).toBe(2);
  });

  it('refuses a taken position with CONFLICT naming it, and writes nothing', async () => {
    const { service, lessons } = courseWith('PUBLISHED', [1]);
    const error = await rejection(service.add(viewer('ADMIN'), 'course-1', lesson({ position: 1 })));
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'Course course-1 already has a lesson at position 1',
      details: { field: 'position', position: 1 },
    });
    expect(lessons).toHaveLength(1);
  });

  it('adds nothing to an archived course', async () => {
    const { service, lessons } = courseWith('ARCHIVED');
    expect((await rejection(service.add(viewer('ADMIN'), 'course-1', lesson()))).code).toBe('CONFLICT');
    expect(lessons).toEqual([]);
  });

  it.each(['MODERATOR', 'MEMBER', 'VIEWER'] as const)('forbids a %s to add lessons', async (role) => {
    const { service, lessons } = courseWith('DRAFT');
    expect((await rejection(service.add(viewer(role), 'course-1', lesson()))).code).toBe('FORBIDDEN');
    expect(lessons).toEqual([]);
  });

  it("answers NOT_FOUND for another organization's course", async () => {
    const { service } = courseWith('DRAFT');
    const stranger: Viewer = { userId: 'stranger', organizationId: 'org-2', role: 'OWNER' };
    expect((await rejection(service.add(stranger, 'course-1', lesson()))).code).toBe('NOT_FOUND');
  });
});
