import type { SubgraphContext } from '@plaza/subgraph-kit';
import { CourseService } from './course/course.service.ts';
import type { PrismaClient } from './db.ts';
import { LessonService } from './lesson/lesson.service.ts';
import type { LearningLoaders } from './loaders.ts';

export function createServices(prisma: PrismaClient) {
  return {
    courses: new CourseService({ prisma }),
    lessons: new LessonService({ prisma }),
  };
}

export type LearningServices = ReturnType<typeof createServices>;

export type LearningContext = SubgraphContext<LearningServices, LearningLoaders>;
