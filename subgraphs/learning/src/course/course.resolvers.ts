import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CourseResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { coursesArgs, createCourseInput } from './course.validation.ts';

export const courseQueries: QueryResolvers = {
  courses: (_, args, { viewer, services }) => services.courses.list(viewer, parseInput(coursesArgs, args)),
  course: (_, { id }, { viewer, services, loaders }) =>
    services.courses.findVisible(viewer, parseInput(idSchema, id), (courseId) => loaders.visibleCourseById.load(courseId)),
};

export const courseMutations: MutationResolvers = {
  createCourse: (_, { input }, { viewer, services }) => services.courses.create(viewer, parseInput(createCourseInput, input)),
  publishCourse: (_, { id }, { viewer, services }) => services.courses.publish(viewer, parseInput(idSchema, id)),
};

export const Course: CourseResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.visibleCourseById.load(reference.id),
  // Identity resolves the instructor and decides whether the viewer may see them.
  instructor: (course) => ({ id: course.instructorId }),
  lessons: (course, _, { loaders }) => loaders.lessonsByCourseId.load(course.id),
};
