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
  type DataAccess,
  type MemberViewer,
  type MemberDirectory,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { CourseStatus } from '../generated/prisma/enums.ts';
import type { LearningRepositories } from '../repositories.ts';
import type { CourseRecord } from './course.repository.ts';
import type { coursesArgs, createCourseInput } from './course.validation.ts';

const ALL_STATUSES: readonly CourseStatus[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED'];

/** Statuses the viewer may see: moderators and above review drafts and archives, members only learn. */
function visibleStatuses(member: MemberViewer): readonly CourseStatus[] {
  return roleAtLeast(member.role, 'MODERATOR') ? ALL_STATUSES : ['PUBLISHED'];
}

export class CourseService {
  constructor(private readonly deps: { data: DataAccess<LearningRepositories>; members: Pick<MemberDirectory, 'requireActive'> }) {}

  async list(viewer: Viewer, args: z.output<typeof coursesArgs>): Promise<Connection<CourseRecord>> {
    const member = requireMember(viewer);
    const visible = visibleStatuses(member);
    const statuses = args.status ? visible.filter((status) => status === args.status) : visible;
    const after = afterId(args);
    if (statuses.length === 0) return toConnection<CourseRecord>([], args.first, idCursor);
    const rows = await this.deps.data.repositories(viewer).courses.listByOrganization(member.organizationId, {
      statuses,
      afterId: after,
      take: args.first + 1,
    });
    return toConnection(rows, args.first, idCursor);
  }

  /** A course the viewer may see, through the request's loader over `findVisibleByIds`; NOT_FOUND otherwise. */
  async findVisible(viewer: Viewer, id: string, load: (id: string) => Promise<CourseRecord | null>): Promise<CourseRecord> {
    requireMember(viewer);
    const course = await load(id);
    if (!course) throw notFound('Course', id);
    return course;
  }

  /** Courses among `ids` the viewer may see; the rest are simply absent. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<CourseRecord[]> {
    if (!viewer.userId || !viewer.organizationId || !viewer.role) return [];
    const member = requireMember(viewer);
    return this.deps.data.repositories(viewer).courses.findByIdsInOrganization(member.organizationId, ids, visibleStatuses(member));
  }

  /** Creates a DRAFT course taught by `instructorId` (default: the viewer). */
  async create(viewer: Viewer, input: z.output<typeof createCourseInput>): Promise<CourseRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    // The instructor must be a member of this organization now: another organization's users, and those who left, do not exist here.
    await this.deps.members.requireActive(viewer, [input.instructorId]);
    return this.deps.data.repositories(viewer).courses.create({
      organizationId: admin.organizationId,
      title: input.title,
      description: input.description,
      instructorId: input.instructorId ?? admin.userId,
    });
  }

  /**
   * Publishes a draft that has lessons. Publishing again changes nothing (publishedAt stays the
   * first publication); an archived course stays retired.
   */
  async publish(viewer: Viewer, id: string): Promise<CourseRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ courses, lessons }) => {
      const course = await courses.findInOrganization(admin.organizationId, id);
      if (!course) throw notFound('Course', id);
      if (course.status === 'PUBLISHED') return course;
      if (course.status === 'ARCHIVED') {
        throw new DomainError('CONFLICT', `Course ${id} is archived and cannot be published again`, { status: course.status });
      }
      if ((await lessons.countByCourse(admin.organizationId, id)) === 0) {
        throw new DomainError('CONFLICT', `Course ${id} has no lessons; add one before publishing it`);
      }
      return courses.updateStatus(id, { status: 'PUBLISHED', publishedAt: new Date() });
    });
  }
}
