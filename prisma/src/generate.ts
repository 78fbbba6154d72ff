import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Runs the real `prisma generate` of the pinned CLI; output is returned only in the error on failure. */
export async function runGenerate(schemaPath: string, cwd = process.cwd()): Promise<void> {
  const prismaCli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // generate never runs the schema engine, but the CLI insists on finding (or downloading) its binary.
    PRISMA_SCHEMA_ENGINE_BINARY: engine && existsSync(engine) ? engine : '/bin/true',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    // A prisma.config.ts using env('DATABASE_URL') fails to load when it is unset; generate never connects.
    DATABASE_URL: process.env.DATABASE_URL || 'postgresql://generate-only@127.0.0.1:1/none',
  };
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'generate', '--schema', schemaPath], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => output.push(d));
    child.stderr.on('data', (d: Buffer) => output.push(d));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`prisma generate failed (exit ${code}):\n${Buffer.concat(output).toString()}`);
  }
}
