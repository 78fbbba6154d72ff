import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { LearningServices } from './context.ts';
import type { LearningRepositories } from './repositories.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders({ viewer, services }: { repositories: LearningRepositories; viewer: Viewer; services: LearningServices }) {
  return {
    /** Courses the viewer may see (current organization; drafts and archived for moderators up); null otherwise. */
    visibleCourseById: createKeyedLoader(
      (ids: readonly string[]) => services.courses.findVisibleByIds(viewer, ids),
      (course) => course.id,
    ),
    /** Lessons of courses in the viewer's current organization, by position. */
    lessonsByCourseId: createGroupedLoader(
      (courseIds: readonly string[]) => services.lessons.findByCourseIds(viewer, courseIds),
      (lesson) => lesson.courseId,
    ),
  };
}

export type LearningLoaders = ReturnType<typeof createLoaders>;
