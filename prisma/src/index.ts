export {
  applyMigrations,
  checkDrift,
  createMigration,
  diffMigrationsToSchema,
  migrationSlug,
  normalizeMigrationSql,
  readMigrationList,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
} from './migrations.ts';
export type { ApplyMigrationsOptions, CheckDriftOptions, CreateMigrationOptions, DiffMigrationsOptions } from './migrations.ts';
export { createPgAdapterFactory, createPgPool, openPGlite } from './adapters.ts';
export { loadSchemaFiles, openSchemaEngine, schemaEngineWasmPath, SchemaEngineError, withSchemaEngine } from './schema-engine.ts';
export type { OpenSchemaEngineOptions, SchemaEngineSession, SchemaFile, SqlMigrationAwareDriverAdapterFactory } from './schema-engine.ts';
export { runGenerate } from './generate.ts';
export { schemaPathIn } from './schema-location.ts';
export { executeSqlScript } from './adapters.ts';
