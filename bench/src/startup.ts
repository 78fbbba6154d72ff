import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STACK_MAIN = fileURLToPath(new URL('../../packages/stack/src/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

/**
 * Start-up time as a user sees it: from spawning the start command's process to the first
 * answered query through the gateway. Cold = empty data folder (migrations + demo data);
 * warm = the same folder again (migrations and seed are no-ops).
 */
export async function measureStartup(port: number): Promise<{ coldMs: number; warmMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plaza-bench-'));
  try {
    const coldMs = await timeToFirstAnswer(dataDir, port);
    const warmMs = await timeToFirstAnswer(dataDir, port);
    return { coldMs, warmMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timeToFirstAnswer(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(TSX, [STACK_MAIN], {
    env: { ...process.env, PLAZA_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`start command exited with ${child.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ me { id } }' }),
        });
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no answer within 180 s');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
