import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  DomainError,
  afterId,
  idCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type Connection,
  type MemberViewer,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { PrismaClient } from '../db.ts';
import type { CourseStatus } from '../generated/prisma/enums.ts';
import { LessonRepository } from '../lesson/lesson.repository.ts';
import { CourseRepository, type CourseRecord } from './course.repository.ts';
import type { coursesArgs, createCourseInput } from './course.validation.ts';

const ALL_STATUSES: readonly CourseStatus[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED'];

export class CourseService {
  constructor(private readonly deps: { prisma: PrismaClient }) {}

  /** Statuses the viewer may see: moderators and above review drafts and archives, members only learn. */
  visibleStatuses(viewer: MemberViewer): readonly CourseStatus[] {
    return roleAtLeast(viewer.role, 'MODERATOR') ? ALL_STATUSES : ['PUBLISHED'];
  }

  async list(viewer: Viewer, args: z.output<typeof coursesArgs>): Promise<Connection<CourseRecord>> {
    const member = requireMember(viewer);
    const visible = this.visibleStatuses(member);
    const statuses = args.status ? visible.filter((status) => status === args.status) : visible;
    const after = afterId(args);
    if (statuses.length === 0) return toConnection<CourseRecord>([], args.first, idCursor);
    const rows = await new CourseRepository(this.deps.prisma).listByOrganization(member.organizationId, {
      statuses,
      afterId: after,
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  /** A course the viewer may see, through the request's loader; NOT_FOUND otherwise. */
  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<CourseRecord | null>): Promise<CourseRecord> {
    requireMember(viewer);
    const course = await load(id);
    if (!course) throw notFound('Course', id);
    return course;
  }

  /** Courses among `ids` the viewer may see; the rest are simply absent. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<CourseRecord[]> {
    if (!viewer.userId || !viewer.organizationId || !viewer.role) return [];
    const member = viewer as MemberViewer;
    return new CourseRepository(this.deps.prisma).findByIdsInOrganization(member.organizationId, ids, this.visibleStatuses(member));
  }

  async create(viewer: Viewer, input: z.output<typeof createCourseInput>): Promise<CourseRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return new CourseRepository(this.deps.prisma).create({
      organizationId: admin.organizationId,
      title: input.title,
      description: input.description,
      instructorId: input.instructorId ?? admin.userId,
    });
  }

  async publish(viewer: Viewer, id: string): Promise<CourseRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.deps.prisma.$transaction(async (tx) => {
      const courses = new CourseRepository(tx);
      const course = await courses.findInOrganization(admin.organizationId, id);
      if (!course) throw notFound('Course', id);
      if (course.status === 'PUBLISHED') return course;
      if (course.status === 'ARCHIVED') {
        throw new DomainError('CONFLICT', `Course ${id} is archived and cannot be published again`, { status: course.status });
      }
      if ((await new LessonRepository(tx).countByCourse(admin.organizationId, id)) === 0) {
        throw new DomainError('CONFLICT', `Course ${id} has no lessons; add one before publishing it`);
      }
      return courses.updateStatus(id, { status: 'PUBLISHED', publishedAt: new Date() });
    });
  }
}
