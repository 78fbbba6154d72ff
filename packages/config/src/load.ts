import type { z } from 'zod';

/** A process refused its environment: every broken variable is named with what it accepts. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Parses the environment with a process's schema, once, at start. Empty values count as unset,
 * as most shells and compose files write `VAR=` for "not configured".
 */
export function loadConfig<Schema extends z.ZodType>(schema: Schema, env: Env = process.env): z.output<Schema> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.map(String).join('.') || '(environment)';
      const received =
        typeof issue.path[0] === 'string' && issue.path[0] in present ? ` (got ${JSON.stringify(present[issue.path[0]])})` : '';
      return `${name}: ${issue.message}${received}`;
    }),
  );
}

/**
 * Names of the variables a schema reads, for the README check. Variables whose name depends on a
 * subgraph are listed with `<NAME>` in place of the subgraph (`<NAME>_URL`).
 */
export function variableNames(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}
