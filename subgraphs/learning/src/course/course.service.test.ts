import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess, fakeMemberDirectory } from '@plaza/subgraph-kit';
import type { CourseStatus } from '../generated/prisma/enums.ts';
import type { LearningRepositories } from '../repositories.ts';
import type { CourseRecord } from './course.repository.ts';
import { CourseService } from './course.service.ts';
import { coursesArgs, createCourseInput } from './course.validation.ts';

const ORG = 'org-1';

/** Courses of one organization in memory (c-1, c-2, … in the given order), with their lesson counts. */
function coursesWith(courses: { status: CourseStatus; lessons?: number; publishedAt?: Date }[]) {
  const rows = new Map<string, CourseRecord>();
  const lessonCounts = new Map<string, number>();
  let sequence = 0;
  const add = (course: Omit<CourseRecord, 'id' | 'createdAt'>, lessons = 0) => {
    const row = { id: `c-${++sequence}`, ...course, createdAt: new Date(2026, 0, sequence) };
    rows.set(row.id, row);
    lessonCounts.set(row.id, lessons);
    return { ...row };
  };
  for (const { status, lessons, publishedAt } of courses) {
    add(
      {
        organizationId: ORG,
        title: `Course ${sequence + 1}`,
        description: null,
        instructorId: 'teacher',
        status,
        publishedAt: publishedAt ?? null,
      },
      lessons,
    );
  }
  const queried: (readonly CourseStatus[])[] = [];
  const data = fakeDataAccess<LearningRepositories>({
    courses: {
      findInOrganization: async (organizationId, id) => {
        const row = rows.get(id);
        return row && row.organizationId === organizationId ? { ...row } : null;
      },
      findByIdsInOrganization: async (organizationId, ids, statuses) =>
        [...rows.values()]
          .filter((row) => row.organizationId === organizationId && ids.includes(row.id) && statuses.includes(row.status))
          .map((row) => ({ ...row })),
      listByOrganization: async (organizationId, { statuses, take }) => {
        queried.push(statuses);
        return [...rows.values()]
          .filter((row) => row.organizationId === organizationId && statuses.includes(row.status))
          .reverse()
          .slice(0, take)
          .map((row) => ({ ...row }));
      },
      create: async (course) => add({ ...course, status: 'DRAFT', publishedAt: null }),
      updateStatus: async (id, { status, publishedAt }) => {
        const row = rows.get(id);
        if (!row) throw new Error(`no course ${id}`);
        Object.assign(row, { status, publishedAt: publishedAt ?? row.publishedAt });
        return { ...row };
      },
    },
    lessons: {
      countByCourse: async (_organizationId, courseId) => lessonCounts.get(courseId) ?? 0,
    },
  });
  return {
    service: new CourseService({ data, members: fakeMemberDirectory(['owner', 'mod', 'admin', 'ada', 'alan', 'amy', 'someone']) }),
    rows,
    queried,
  };
}

const viewer = (role: Role, userId = `user-${role}`): Viewer => ({ userId, organizationId: ORG, role });
const page = (status?: CourseStatus) => coursesArgs.parse({ status });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('CourseService: who sees which courses', () => {
  it('hides drafts and archived courses from members, by list and by id', async () => {
    const { service, queried } = coursesWith([{ status: 'PUBLISHED', lessons: 1 }, { status: 'DRAFT' }, { status: 'ARCHIVED' }]);
    for (const role of ['MEMBER', 'VIEWER'] as const) {
      expect((await service.list(viewer(role), page())).nodes.map((course) => course.id)).toEqual(['c-1']);
      expect((await service.findVisibleByIds(viewer(role), ['c-1', 'c-2', 'c-3'])).map((course) => course.id)).toEqual(['c-1']);
    }
    expect(queried).toEqual([['PUBLISHED'], ['PUBLISHED']]);
  });

  it('answers a member asking for drafts with an empty page, without a query', async () => {
    const { service, queried } = coursesWith([{ status: 'DRAFT' }]);
    const drafts = await service.list(viewer('MEMBER'), page('DRAFT'));
    expect(drafts).toMatchObject({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    expect(queried).toEqual([]);
  });

  it('shows moderators and above every status, newest first, and filters by one', async () => {
    const { service } = coursesWith([{ status: 'PUBLISHED', lessons: 1 }, { status: 'DRAFT' }, { status: 'ARCHIVED' }]);
    expect((await service.list(viewer('MODERATOR'), page())).nodes.map((course) => course.id)).toEqual(['c-3', 'c-2', 'c-1']);
    expect((await service.list(viewer('ADMIN'), page('DRAFT'))).nodes.map((course) => course.id)).toEqual(['c-2']);
    expect((await service.findVisibleByIds(viewer('MODERATOR'), ['c-2'])).map((course) => course.id)).toEqual(['c-2']);
  });

  it('shows nothing to a viewer outside any organization', async () => {
    const { service } = coursesWith([{ status: 'PUBLISHED', lessons: 1 }]);
    expect(await service.findVisibleByIds({ userId: 'loner', organizationId: null, role: null }, ['c-1'])).toEqual([]);
    expect((await rejection(service.list({ userId: 'loner', organizationId: null, role: null }, page()))).code).toBe('FORBIDDEN');
  });
});

describe('CourseService: creating and publishing', () => {
  it('refuses an instructor who is not an active member of the organization', async () => {
    const { service } = coursesWith([]);
    const error = await rejection(service.create(viewer('ADMIN'), createCourseInput.parse({ title: 'Flow', instructorId: 'stranger' })));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'User stranger was not found' });
  });

  it('lets admins and owners create drafts, taught by the viewer unless an instructor is named', async () => {
    const { service } = coursesWith([]);
    expect(await service.create(viewer('ADMIN', 'ada'), createCourseInput.parse({ title: 'Flow' }))).toMatchObject({
      organizationId: ORG,
      status: 'DRAFT',
      instructorId: 'ada',
    });
    expect((await service.create(viewer('OWNER'), createCourseInput.parse({ title: 'Flow', instructorId: 'alan' }))).instructorId).toBe(
      'alan',
    );
  });

  it.each(['MODERATOR', 'MEMBER'] as const)('forbids a %s to create or publish courses', async (role) => {
    const { service, rows } = coursesWith([{ status: 'DRAFT', lessons: 1 }]);
    expect((await rejection(service.create(viewer(role), createCourseInput.parse({ title: 'Nope' })))).code).toBe('FORBIDDEN');
    expect((await rejection(service.publish(viewer(role), 'c-1'))).code).toBe('FORBIDDEN');
    expect([...rows.values()].map((course) => course.status)).toEqual(['DRAFT']);
  });

  it('publishes a draft with lessons once: publishing again keeps the first publishedAt', async () => {
    const { service } = coursesWith([{ status: 'DRAFT', lessons: 2 }]);
    const published = await service.publish(viewer('ADMIN'), 'c-1');
    expect(published.status).toBe('PUBLISHED');
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect((await service.publish(viewer('OWNER'), 'c-1')).publishedAt).toEqual(published.publishedAt);
  });

  it('refuses to publish a course without lessons, or an archived one, with CONFLICT', async () => {
    const { service, rows } = coursesWith([{ status: 'DRAFT' }, { status: 'ARCHIVED', lessons: 1 }]);
    expect(await rejection(service.publish(viewer('ADMIN'), 'c-1'))).toMatchObject({
      code: 'CONFLICT',
      message: 'Course c-1 has no lessons; add one before publishing it',
    });
    expect((await rejection(service.publish(viewer('ADMIN'), 'c-2'))).code).toBe('CONFLICT');
    expect([...rows.values()].map((course) => course.status)).toEqual(['DRAFT', 'ARCHIVED']);
  });

  it("answers NOT_FOUND for another organization's course", async () => {
    const { service } = coursesWith([{ status: 'DRAFT', lessons: 1 }]);
    const stranger: Viewer = { userId: 'stranger', organizationId: 'org-2', role: 'OWNER' };
    expect(await rejection(service.publish(stranger, 'c-1'))).toMatchObject({ code: 'NOT_FOUND', message: 'Course c-1 was not found' });
  });
});
