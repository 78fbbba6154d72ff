import type { Resolvers } from '@plaza/subgraph-kit';
import type { LearningContext } from './context.ts';
import { Course, courseMutations, courseQueries } from './course/course.resolvers.ts';
import { Lesson, lessonMutations } from './lesson/lesson.resolvers.ts';

export const resolvers = {
  Query: { ...courseQueries },
  Mutation: { ...courseMutations, ...lessonMutations },
  Course,
  Lesson,
} as unknown as Resolvers<LearningContext>;
