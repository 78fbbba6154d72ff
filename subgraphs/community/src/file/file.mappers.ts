export type { FileRecord as FileMapper } from './file.repository.ts';
