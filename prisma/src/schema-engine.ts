import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { fixAdapterForSchemaEngine } from './adapters.ts';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as SchemaEngineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type {
  ApplyMigrationsInput,
  ApplyMigrationsOutput,
  DiagnoseMigrationHistoryInput,
  DiagnoseMigrationHistoryOutput,
  DiffParams,
  DiffResult,
  SchemaContainer,
  SchemaEngine,
  SchemaFilter,
  SchemaPushInput,
  SchemaPushOutput,
} from '@prisma/schema-engine-wasm';

export type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
export type SchemaFile = SchemaContainer;

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type Glue = typeof SchemaEngineGlue & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

const require = createRequire(import.meta.url);

/** The engine of the installed `prisma` CLI, so migrations match what `prisma migrate` of that version would produce. */
export function schemaEngineWasmPath(): string {
  return path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'schema_engine_bg.wasm');
}

let compiled: Promise<WebAssembly.Module> | undefined;
let instantiated: Promise<Glue> | undefined;

function compileSchemaEngine(): Promise<WebAssembly.Module> {
  compiled ??= readFile(schemaEngineWasmPath()).then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

// The wasm-bindgen glue keeps the wasm instance in module state, so one instance per process
// serves every engine; engines are separate objects inside it.
function loadGlue(): Promise<Glue> {
  instantiated ??= (async () => {
    const [module, glue] = await Promise.all([
      compileSchemaEngine(),
      import('@prisma/schema-engine-wasm/schema_engine_bg') as Promise<Glue>,
    ]);
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  instantiated.catch(() => {
    instantiated = undefined;
  });
  return instantiated;
}

/** Reads a schema file, or every `.prisma` file under a directory (multi-file schemas). */
export async function loadSchemaFiles(schemaPath: string): Promise<SchemaFile[]> {
  const abs = path.resolve(schemaPath);
  if (!(await stat(abs)).isDirectory()) {
    return [{ path: abs, content: await readFile(abs, 'utf8') }];
  }
  const entries = await readdir(abs, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.prisma'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  if (files.length === 0) throw new Error(`No .prisma files found under ${abs}`);
  return Promise.all(files.map(async (p) => ({ path: p, content: await readFile(p, 'utf8') })));
}

export interface OpenSchemaEngineOptions {
  schemaFiles: SchemaFile[];
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's JSON log lines. */
  log?: (line: string) => void;
}

export interface SchemaEngineSession {
  diff(params: Omit<DiffParams, 'filters' | 'exitCode'> & Partial<Pick<DiffParams, 'filters' | 'exitCode'>>): Promise<DiffResult>;
  applyMigrations(
    input: Omit<ApplyMigrationsInput, 'filters'> & Partial<Pick<ApplyMigrationsInput, 'filters'>>,
  ): Promise<ApplyMigrationsOutput>;
  schemaPush(input: Omit<SchemaPushInput, 'filters'> & Partial<Pick<SchemaPushInput, 'filters'>>): Promise<SchemaPushOutput>;
  diagnoseMigrationHistory(
    input: Omit<DiagnoseMigrationHistoryInput, 'filters'> & Partial<Pick<DiagnoseMigrationHistoryInput, 'filters'>>,
  ): Promise<DiagnoseMigrationHistoryOutput>;
  /** The raw engine, for anything not wrapped here. */
  readonly raw: SchemaEngine;
  /** Frees the engine and disposes every connection it opened; safe to call twice. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

// The engine does not reliably dispose the adapters it opens (a PrismaPg adapter owns a pg Pool),
// so every adapter is tracked here and disposed on close; known adapter bugs are patched on the way.
function trackAdapters(factory: SqlMigrationAwareDriverAdapterFactory) {
  const open = new Set<SqlDriverAdapter>();
  const track = async (connect: () => Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> => {
    const adapter = fixAdapterForSchemaEngine(await connect());
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      open.delete(adapter);
      disposed ??= dispose();
      return disposed;
    };
    open.add(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(() => factory.connect()),
    connectToShadowDb: () => track(() => factory.connectToShadowDb()),
  };
  const disposeAll = async () => {
    await Promise.allSettled([...open].map((a) => a.dispose()));
  };
  return { tracked, disposeAll };
}

export async function openSchemaEngine(options: OpenSchemaEngineOptions): Promise<SchemaEngineSession> {
  const glue = await loadGlue();
  const { tracked, disposeAll } = trackAdapters(options.adapterFactory);
  const log = options.log ?? (() => {});
  let engine: SchemaEngine;
  try {
    // The datamodel is passed as text: the engine never reads a url from it, the adapter is the connection.
    engine = await glue.SchemaEngine.new(
      { datamodels: options.schemaFiles.map((f) => [f.path, f.content] as [string, string]) },
      (line: string) => log(line),
      bindMigrationAwareSqlAdapterFactory(tracked),
    );
  } catch (error) {
    await disposeAll();
    throw engineError('open the schema engine', error);
  }

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      engine.free();
      await disposeAll();
    })();
    return closed;
  };
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (closed) throw new Error(`Schema engine is closed (${what})`);
    try {
      return await run();
    } catch (error) {
      throw engineError(what, error);
    }
  };

  return {
    raw: engine,
    diff: (p) => call('diff', () => engine.diff({ exitCode: null, filters: NO_FILTER, ...p })),
    applyMigrations: (i) => call('apply migrations', () => engine.applyMigrations({ filters: NO_FILTER, ...i })),
    schemaPush: (i) => call('push the schema', () => engine.schemaPush({ filters: NO_FILTER, ...i })),
    diagnoseMigrationHistory: (i) =>
      call('diagnose the migration history', () => engine.diagnoseMigrationHistory({ filters: NO_FILTER, ...i })),
    close,
    [Symbol.asyncDispose]: close,
  };
}

export async function withSchemaEngine<T>(options: OpenSchemaEngineOptions, run: (engine: SchemaEngineSession) => Promise<T>): Promise<T> {
  const engine = await openSchemaEngine(options);
  try {
    return await run(engine);
  } finally {
    await engine.close();
  }
}

export class SchemaEngineError extends Error {
  override name = 'SchemaEngineError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function engineError(what: string, error: unknown): SchemaEngineError {
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof Error && error.name !== 'Error' ? ` [${error.name}]` : '';
  return new SchemaEngineError(`Schema engine failed to ${what}${kind}: ${message}`, { cause: error });
}
