import { z } from 'zod';
import { DomainError } from './errors.ts';

/**
 * Parses resolver input with its zod schema. A failure becomes BAD_USER_INPUT naming each field
 * and the limit it broke, so the schema stays the one source of truth for limits.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(input)',
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  throw new DomainError('BAD_USER_INPUT', `Invalid input: ${summary}`, { issues });
}

/** BAD_USER_INPUT for a rule of the data rather than a limit of one input field, worded like `parseInput`'s. */
export const invalidInput = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `Invalid input: ${field}: ${message}`, { issues: [{ field, message }] });

/** Identifiers are opaque strings; this only bounds them so junk never reaches a query. */
export const idSchema = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

/**
 * Optional text of an update input, trimmed: blank becomes null (clears the value), undefined
 * (the field left out) leaves it unchanged.
 */
export const optionalTextSchema = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .optional()
    .transform((value) => (value === undefined ? undefined : value || null));
