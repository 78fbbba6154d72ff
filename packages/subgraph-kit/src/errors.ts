import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from './logger.ts';

/** Stable error codes, sent to clients as `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  /** A metered quota (usage metering) would be exceeded: `extensions` carry the limit and the period. */
  | 'USAGE_LIMIT_EXCEEDED'
  | 'INTERNAL_SERVER_ERROR';

/**
 * An error a service raises on purpose. It knows nothing of GraphQL: `toGraphQLError` is the
 * one place that turns it into a response.
 */
export class DomainError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'INTERNAL_SERVER_ERROR'>,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (entity: string, id: string) => new DomainError('NOT_FOUND', `${entity} ${id} was not found`, { entity, id });

/** HTTP status that accompanies each code when it is the only error of a response. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'BAD_USER_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'RATE_LIMITED':
      return 429;
    case 'USAGE_LIMIT_EXCEEDED':
      return 403;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
    default: {
      const unreachable: never = code;
      throw new Error(`Unmapped error code ${String(unreachable)}`);
    }
  }
}

export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, ...error.details, http: { status: httpStatusOf(error.code) } },
  });
}

/** Prisma's known request errors that are the client's doing rather than ours. */
function fromPrismaError(error: unknown): DomainError | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const { code, meta } = error as { code: unknown; meta?: Record<string, unknown> };
  if (code === 'P2002') {
    const target = meta?.target ?? (meta?.driverAdapterError as { cause?: { constraint?: unknown } })?.cause?.constraint;
    return new DomainError('CONFLICT', `A record with the same ${formatTarget(target)} already exists`);
  }
  if (code === 'P2025') return new DomainError('NOT_FOUND', 'The record to change was not found');
  const cause = (meta?.driverAdapterError as { cause?: { code?: unknown } } | undefined)?.cause;
  if (cause?.code === '23P01') return new DomainError('CONFLICT', 'The record overlaps another that must not overlap it');
  return null;
}

/**
 * Whether `error` is a unique-constraint violation on `field`. For uniqueness across
 * organizations, which row-level security keeps a service from checking beforehand: the
 * constraint decides, and the service names the conflict.
 */
export function isUniqueViolation(error: unknown, field: string): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error) || error.code !== 'P2002') return false;
  const meta = (error as { meta?: Record<string, unknown> }).meta;
  const cause = (meta?.driverAdapterError as { cause?: { constraint?: unknown; originalMessage?: unknown } } | undefined)?.cause;
  // PostgreSQL's adapter names the constraint; PGlite's leaves it out, but PostgreSQL's message
  // names the index (`duplicate key value violates unique constraint "X_field_key"`).
  return (
    formatTarget(meta?.target ?? cause?.constraint).includes(field) ||
    (typeof cause?.originalMessage === 'string' && cause.originalMessage.includes(field))
  );
}

/**
 * Whether `error` is an exclusion-constraint violation (SQLSTATE 23P01) of `constraint`: two rows
 * whose ranges the constraint keeps apart, e.g. a double booking. Prisma's driver adapters pass it
 * on as P2039 with the database error as `meta.driverAdapterError.cause` (PostgreSQL's adapter
 * and PGlite's alike, naming the constraint only in the message); a raw query's pg or PGlite
 * error carries the SQLSTATE as `code` and may name it as `constraint`.
 */
export function isExclusionViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const meta = (error as { meta?: Record<string, unknown> }).meta;
  const cause = (meta?.driverAdapterError as { cause?: Record<string, unknown> } | undefined)?.cause;
  for (const candidate of [cause, error as Record<string, unknown>]) {
    if (!candidate || (candidate.code !== '23P01' && candidate.originalCode !== '23P01')) continue;
    const names = [candidate.constraint, candidate.originalMessage, candidate.message];
    if (names.some((name) => name === constraint || (typeof name === 'string' && name.includes(`"${constraint}"`)))) return true;
  }
  return false;
}

function formatTarget(target: unknown): string {
  if (Array.isArray(target)) return target.join(', ');
  if (typeof target === 'object' && target && 'fields' in target) return String(target.fields);
  // PostgreSQL through a driver adapter names the index, e.g. CommunitySettings_customDomain_key.
  if (typeof target === 'object' && target && 'index' in target) return String(target.index);
  return typeof target === 'string' ? target : 'unique key';
}

/**
 * Apollo `formatError`: domain errors keep their code and message, GraphQL's own errors
 * (validation, parse) pass through, anything else is logged and masked.
 */
export function createErrorFormatter(log: Logger, exposeInternals = false) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      const { extensions } = toGraphQLError(original);
      const { http: _http, ...rest } = extensions as Record<string, unknown>;
      return { ...formatted, message: original.message, extensions: { ...rest } };
    }
    const prismaError = fromPrismaError(original);
    if (prismaError) {
      return { ...formatted, message: prismaError.message, extensions: { code: prismaError.code } };
    }
    // GraphQL's own errors (validation, variable coercion) arrive with their code. Checked by code,
    // not instanceof: @apollo/subgraph (CommonJS) and ESM packages load two copies of graphql.
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    log.error({ err: original, path: formatted.path }, 'unexpected error');
    if (exposeInternals) return { ...formatted, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
