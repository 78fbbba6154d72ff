import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { LessonResolvers, MutationResolvers } from '../generated/graphql.ts';
import { addLessonInput } from './lesson.validation.ts';

export const lessonMutations: MutationResolvers = {
  addLesson: (_, { courseId, input }, { viewer, services }) =>
    services.lessons.add(viewer, parseInput(idSchema, courseId), parseInput(addLessonInput, input)),
};

export const Lesson: LessonResolvers = {
  course: (lesson, _, { viewer, services, loaders }) =>
    services.courses.findVisible(viewer, lesson.courseId, (courseId) => loaders.visibleCourseById.load(courseId)),
};
