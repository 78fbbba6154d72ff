import { Course, courseMutations, courseQueries } from './course/course.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';
import { Lesson, lessonMutations } from './lesson/lesson.resolvers.ts';

export const resolvers: Resolvers = {
  Query: { ...courseQueries },
  Mutation: { ...courseMutations, ...lessonMutations },
  Course,
  Lesson,
};
