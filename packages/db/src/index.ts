export { databaseLocationFromEnv, describeLocation, withDatabase } from './location.ts';
export type { DatabaseLocation } from './location.ts';
export { openDatabase } from './open-database.ts';
export type { Database, OpenDatabaseOptions } from './open-database.ts';
export { dropDatabase, ensureDatabaseExists } from './postgres.ts';
export { createTestDatabase, testDatabaseKind } from './test-database.ts';
export type { TestDatabase } from './test-database.ts';
