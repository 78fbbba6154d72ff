import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { CourseService } from './course/course.service.ts';
import { LessonService } from './lesson/lesson.service.ts';
import type { LearningLoaders } from './loaders.ts';
import type { LearningRepositories } from './repositories.ts';

/** Learning reads no settings of its own: its services need only their repositories. */
export function createServices({ data, members }: ServiceDependencies<LearningRepositories, unknown>) {
  return {
    courses: new CourseService({ data, members }),
    lessons: new LessonService({ data }),
  };
}

export type LearningServices = ReturnType<typeof createServices>;

export type LearningContext = SubgraphContext<LearningServices, LearningLoaders>;
