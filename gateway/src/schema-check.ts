import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';

/** One schema's changes against the base, by what they do to existing clients. */
export interface SchemaChanges {
  /** `API schema (gateway/schema.graphql)` or `subgraph <name>`. */
  schema: string;
  /** Fails operations clients send today (a field removed, an argument made required, …). */
  breaking: Change[];
  /** Changes what clients see without failing their operations (an enum value added, a default changed, …). */
  dangerous: Change[];
  safe: Change[];
  /** Why there was nothing to compare with, when the base has no such schema. */
  newSchema?: boolean;
}

/** Changes from `base` to `head`, classified by GraphQL Inspector's criticality. */
export async function compareSchemas(schema: string, base: GraphQLSchema | undefined, head: GraphQLSchema): Promise<SchemaChanges> {
  if (!base) return { schema, breaking: [], dangerous: [], safe: [], newSchema: true };
  const changes = await diff(base, head);
  const at = (level: CriticalityLevel) => changes.filter((change) => change.criticality.level === level);
  return {
    schema,
    breaking: at(CriticalityLevel.Breaking),
    dangerous: at(CriticalityLevel.Dangerous),
    safe: at(CriticalityLevel.NonBreaking),
  };
}

/**
 * The commit-message trailer that lets a breaking change through: a line
 * `Breaking-Change: <reason>` (the reason is required: partner teams read it in the history).
 */
const DECLARATION = /^Breaking-Change:[ \t]*(\S.*)$/gim;

/** Every reason declared by a `Breaking-Change:` line in the commit messages of the change. */
export function declaredBreakingChanges(commitMessages: string): string[] {
  return [...commitMessages.matchAll(DECLARATION)].map((match) => match[1]!.trim());
}

export interface Verdict {
  /** 1 on a breaking change no commit declares, else 0. */
  exitCode: 0 | 1;
  /** One line saying why. */
  summary: string;
}

/** Whether the check passes: breaking changes need a declaration; dangerous and safe ones never do. */
export function verdictOf(reports: readonly SchemaChanges[], declarations: readonly string[]): Verdict {
  const breaking = reports.reduce((sum, report) => sum + report.breaking.length, 0);
  if (breaking === 0) return { exitCode: 0, summary: 'No breaking change.' };
  const where = reports.filter((report) => report.breaking.length > 0).map((report) => report.schema);
  if (declarations.length > 0) {
    return {
      exitCode: 0,
      summary: `${breaking} breaking change(s) in ${where.join(', ')}, declared: ${declarations.map((reason) => `"${reason}"`).join('; ')}.`,
    };
  }
  return {
    exitCode: 1,
    summary:
      `${breaking} breaking change(s) in ${where.join(', ')}. Existing clients' operations would fail: ` +
      'keep the old field or argument (deprecate it with @deprecated), or, when every client has moved, ' +
      'declare it with a line "Breaking-Change: <reason>" in the commit message.',
  };
}

const LEVELS = [
  ['breaking', 'Breaking'],
  ['dangerous', 'Dangerous'],
  ['safe', 'Safe'],
] as const;

/** The report, one block per schema with changes, as `pnpm schema:check` prints it. */
export function formatChanges(reports: readonly SchemaChanges[]): string {
  const blocks = reports.flatMap((report) => {
    if (report.newSchema) return [`${report.schema}: new, nothing to compare with`];
    const total = report.breaking.length + report.dangerous.length + report.safe.length;
    if (total === 0) return [];
    const lines = [
      `${report.schema}: ${report.breaking.length} breaking, ${report.dangerous.length} dangerous, ${report.safe.length} safe`,
    ];
    for (const [key, label] of LEVELS) {
      for (const change of report[key]) lines.push(`  ${label.padEnd(9)} ${change.message}`);
    }
    return [lines.join('\n')];
  });
  return blocks.length ? blocks.join('\n\n') : 'No schema changed.';
}
