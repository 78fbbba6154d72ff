export type { LessonRecord as LessonMapper } from './lesson.repository.ts';
