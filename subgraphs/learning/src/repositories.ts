import type { RepositoriesOf } from '@plaza/subgraph-kit';
import { CourseRepository } from './course/course.repository.ts';
import type { Db } from './db.ts';
import { LessonRepository } from './lesson/lesson.repository.ts';

/** Every repository of learning over one client or transaction: the only code that touches Prisma. */
export function createRepositories(db: Db) {
  return {
    courses: new CourseRepository(db),
    lessons: new LessonRepository(db),
  };
}

/** What learning's services see of its repositories: public methods only, so unit tests can pass fakes. */
export type LearningRepositories = RepositoriesOf<typeof createRepositories>;
