export { dataDirOf, databaseLocationOf, describeLocation, withDatabase } from './location.ts';
export type { DatabaseLocation, DatabaseSettings } from './location.ts';
export { openDatabase } from './open-database.ts';
export type { Database, DatabasePoolUse, OpenDatabaseOptions } from './open-database.ts';
export { dropDatabase, ensureDatabaseExists } from './postgres.ts';
export { createTestDatabase, dropTestDatabases, ensureTemplate, migrationsFingerprint, testDatabaseServer } from './test-database.ts';
export type { DatabaseTemplate, TestDatabase, TestDatabaseServer } from './test-database.ts';
