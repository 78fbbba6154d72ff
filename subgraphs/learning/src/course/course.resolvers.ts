import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { LearningContext } from '../context.ts';
import type { CourseRecord } from './course.repository.ts';
import { coursesArgs, createCourseInput } from './course.validation.ts';

export const courseQueries = {
  courses: (_: unknown, args: unknown, { viewer, services }: LearningContext) =>
    services.courses.list(viewer, parseInput(coursesArgs, args)),
  course: (_: unknown, args: { id: string }, { viewer, services, loaders }: LearningContext) =>
    services.courses.findVisible(viewer, parseInput(idSchema, args.id), (id) => loaders.visibleCourseById.load(id)),
};

export const courseMutations = {
  createCourse: (_: unknown, args: { input: unknown }, { viewer, services }: LearningContext) =>
    services.courses.create(viewer, parseInput(createCourseInput, args.input)),
  publishCourse: (_: unknown, args: { id: string }, { viewer, services }: LearningContext) =>
    services.courses.publish(viewer, parseInput(idSchema, args.id)),
};

export const Course = {
  __resolveReference: (reference: { id: string }, { loaders }: LearningContext) => loaders.visibleCourseById.load(reference.id),
  instructor: (course: CourseRecord) => ({ id: course.instructorId }),
  lessons: (course: CourseRecord, _: unknown, { loaders }: LearningContext) => loaders.lessonsByCourseId.load(course.id),
};
