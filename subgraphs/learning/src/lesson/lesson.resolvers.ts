import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { LearningContext } from '../context.ts';
import type { LessonRecord } from './lesson.repository.ts';
import { addLessonInput } from './lesson.validation.ts';

export const lessonMutations = {
  addLesson: (_: unknown, args: { courseId: string; input: unknown }, { viewer, services }: LearningContext) =>
    services.lessons.add(viewer, parseInput(idSchema, args.courseId), parseInput(addLessonInput, args.input)),
};

export const Lesson = {
  course: (lesson: LessonRecord, _: unknown, { loaders }: LearningContext) => loaders.visibleCourseById.load(lesson.courseId),
};
