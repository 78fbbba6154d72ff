import type { Connection } from '@plaza/subgraph-kit';
import type { CourseRecord } from './course.repository.ts';

export type { CourseRecord as CourseMapper } from './course.repository.ts';
export type CourseConnectionMapper = Connection<CourseRecord>;
