import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  Source,
  TokenKind,
  getOperationAST,
  isListType,
  isNonNullType,
  validate,
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { z } from 'zod';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Viewer } from '@plaza/auth';
import type { RateLimits } from './rate-limits.ts';

/**
 * What one operation may ask of the gateway, checked before it is planned: the abusive shapes
 * (very deep nesting, thousands of aliases, huge documents, lists of lists of lists) cost the
 * query planner and the subgraphs far more than the few milliseconds it takes to refuse them.
 */
export interface OperationLimits {
  /** Characters of the document. */
  characters: number;
  /** Lexical tokens of the document (names, punctuation, values). */
  tokens: number;
  /** Nesting of selections (introspection fields do not count). */
  depth: number;
  /** Aliased fields, fragments included. */
  aliases: number;
  /** Fields at the operation's root: each may be a subgraph fetch. */
  rootFields: number;
  /** Directives used in the operation. */
  directives: number;
  /** Estimated cost: 1 per field, times `first`/`last` (or LIST_SIZE) for each list below a paginated or list field. */
  cost: number;
  /** Whether `__schema` / `__type` may be asked. */
  introspection: boolean;
}

const limitsSchema = z
  .object({
    characters: z.number().int().positive(),
    tokens: z.number().int().positive(),
    depth: z.number().int().positive(),
    aliases: z.number().int().nonnegative(),
    rootFields: z.number().int().positive(),
    directives: z.number().int().nonnegative(),
    cost: z.number().int().positive(),
    introspection: z.boolean(),
  })
  .strict();

/** Signed-in callers: room for any screen of the web app, none for the shapes of the issue. */
export const SIGNED_IN_LIMITS: OperationLimits = {
  characters: 50_000,
  tokens: 5_000,
  depth: 15,
  aliases: 30,
  rootFields: 20,
  directives: 50,
  cost: 25_000,
  introspection: true,
};

/** Anonymous callers reach little besides sign-in and sign-up: far less room. */
export const ANONYMOUS_LIMITS: OperationLimits = {
  characters: 10_000,
  tokens: 1_000,
  depth: 8,
  aliases: 10,
  rootFields: 5,
  directives: 10,
  cost: 1_000,
  introspection: true,
};

export interface ViewerClassLimits {
  signedIn: OperationLimits;
  anonymous: OperationLimits;
}

/**
 * The limits of both classes of caller: the defaults, overridden field by field by
 * PLAZA_OPERATION_LIMITS (JSON `{"signedIn": {...}, "anonymous": {...}}`); with
 * NODE_ENV=production anonymous callers get no introspection unless that variable allows it.
 */
export function operationLimitsOf(settings: { NODE_ENV?: string; PLAZA_OPERATION_LIMITS?: string }): ViewerClassLimits {
  const production = settings.NODE_ENV === 'production';
  const defaults: ViewerClassLimits = {
    signedIn: SIGNED_IN_LIMITS,
    anonymous: { ...ANONYMOUS_LIMITS, introspection: !production },
  };
  if (!settings.PLAZA_OPERATION_LIMITS) return defaults;
  let parsed: unknown;
  try {
    parsed = JSON.parse(settings.PLAZA_OPERATION_LIMITS);
  } catch {
    throw new Error('PLAZA_OPERATION_LIMITS must be JSON: {"signedIn": {"depth": 12, …}, "anonymous": {…}}');
  }
  const overrides = z
    .object({ signedIn: limitsSchema.partial().optional(), anonymous: limitsSchema.partial().optional() })
    .strict()
    .safeParse(parsed);
  if (!overrides.success) {
    throw new Error(
      `PLAZA_OPERATION_LIMITS: ${overrides.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return {
    signedIn: { ...defaults.signedIn, ...overrides.data.signedIn },
    anonymous: { ...defaults.anonymous, ...overrides.data.anonymous },
  };
}

const OPERATION_LIMIT_EXCEEDED = 'OPERATION_LIMIT_EXCEEDED';

function exceeded(limit: keyof OperationLimits, measured: number, allowed: number, what: string): GraphQLError {
  return new GraphQLError(`The operation ${what}: ${measured}, more than the ${allowed} allowed`, {
    extensions: { code: OPERATION_LIMIT_EXCEEDED, limit, measured, allowed, http: { status: 400 } },
  });
}

/**
 * Size checks on the document's text, before it is parsed: a 1 MB document of aliases is refused
 * after counting, not after building its syntax tree. Tokens are counted with graphql-js's own
 * lexer, up to one past the limit.
 */
export function sourceLimitError(query: string, limits: OperationLimits): GraphQLError | undefined {
  if (query.length > limits.characters) return exceeded('characters', query.length, limits.characters, 'has too many characters');
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      tokens += 1;
      if (tokens > limits.tokens) return exceeded('tokens', tokens, limits.tokens, 'has too many tokens (counted until past the limit)');
    }
  } catch {
    // A lexing error is the parser's to report, with its location.
  }
  return undefined;
}

/** List-returning fields without `first`/`last` are counted as this many items. */
const LIST_SIZE = 10;

/**
 * Plaza's cost model: a paginated field multiplies what is selected below it by the page size it
 * asks for (`first`/`last`, else its default); the edges and nodes lists of a connection are
 * that page, not another multiplication; other lists count LIST_SIZE items. Introspection is free.
 */
const connectionAwareEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  const pageSize = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : undefined;
  if (pageSize !== undefined) return 1 + Math.max(pageSize, 0) * childComplexity;
  if (isList(field.type) && !type.name.endsWith('Connection')) return 1 + LIST_SIZE * childComplexity;
  return undefined;
};

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/** Armor's rules report "… exceeded, found N." with exposeLimits: the measured value is N. */
function armorRule(limit: 'depth' | 'aliases' | 'directives', allowed: number, what: string, errors: GraphQLError[]): ValidationRule {
  const options = {
    n: allowed,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (_context: unknown, error: GraphQLError) => {
        const measured = Number(/found (\d+)/.exec(error.message)?.[1] ?? Number.NaN);
        errors.push(exceeded(limit, measured, allowed, what));
      },
    ],
  };
  if (limit === 'depth') return maxDepthRule({ ...options, ignoreIntrospection: true, flattenFragments: true });
  if (limit === 'aliases') return maxAliasesRule(options);
  return maxDirectivesRule(options);
}

/** The root selection of the operation, fragments spread into it included. */
function rootFieldCount(document: DocumentNode, operationName: string | undefined): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
    ),
  );
  const count = (selections: typeof operation.selectionSet.selections, seen: Set<string>): number =>
    selections.reduce((total, selection) => {
      if (selection.kind === Kind.FIELD) return total + 1;
      if (selection.kind === Kind.INLINE_FRAGMENT) return total + count(selection.selectionSet.selections, seen);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return total;
      return total + count(fragment.selectionSet.selections, new Set(seen).add(fragment.name.value));
    }, 0);
  return count(operation.selectionSet.selections, new Set());
}

/**
 * The limits a parsed, valid operation must stay within, each refusal an error with code
 * OPERATION_LIMIT_EXCEEDED naming the limit, the measured and the allowed value. Run after
 * standard validation (the document is known valid) and before the query is planned.
 */
export function documentLimitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  request: { operationName?: string; variables?: Record<string, unknown> } = {},
): GraphQLError[] {
  return measureOperation(schema, document, limits, request).errors;
}

/** documentLimitErrors, and the operation's estimated cost (for rate limits by cost; undefined when not estimated). */
function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  request: { operationName?: string; variables?: Record<string, unknown> } = {},
): { errors: GraphQLError[]; cost?: number } {
  const errors: GraphQLError[] = [];
  const rules: ValidationRule[] = [
    armorRule('depth', limits.depth, 'is nested too deep', errors),
    armorRule('aliases', limits.aliases, 'has too many aliases', errors),
    armorRule('directives', limits.directives, 'has too many directives', errors),
  ];
  if (!limits.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  for (const error of validate(schema, document, rules)) {
    errors.push(
      new GraphQLError(`${error.message} Sign in to explore the schema.`, {
        extensions: { code: 'FORBIDDEN', http: { status: 403 } },
      }),
    );
  }
  const roots = rootFieldCount(document, request.operationName);
  if (roots > limits.rootFields) errors.push(exceeded('rootFields', roots, limits.rootFields, 'asks for too many root fields'));
  if (errors.length) return { errors };
  const cost = estimatedCost(schema, document, request);
  if (cost !== undefined && cost > limits.cost) errors.push(exceeded('cost', cost, limits.cost, 'is estimated to cost too much'));
  return { errors, cost };
}

function estimatedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName?: string; variables?: Record<string, unknown> },
): number | undefined {
  try {
    return getComplexity({
      schema,
      query: document,
      variables: request.variables,
      operationName: request.operationName,
      estimators: [connectionAwareEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    // Variables that do not fit the operation: execution reports them, with their names.
    return undefined;
  }
}

/** Whose limits apply: a request with credentials is judged as signed in (it is refused later if they are not valid). */
const limitsFor = (limits: ViewerClassLimits, signedIn: boolean) => (signedIn ? limits.signedIn : limits.anonymous);

/**
 * Express middleware, after the body parser and before Apollo Server: the size checks of the
 * document's text. Whether the caller is signed in is not known yet (the token is verified
 * later); a request that carries credentials gets the signed-in limits here, and is refused
 * before parsing if they are not valid.
 */
export function sourceLimitsMiddleware(limits: ViewerClassLimits): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const query =
      req.method === 'GET' ? req.query.query : body && typeof body === 'object' ? (body as { query?: unknown }).query : undefined;
    if (typeof query !== 'string') return next();
    const error = sourceLimitError(query, limitsFor(limits, req.headers.authorization !== undefined));
    if (!error) return next();
    res.status(400).json({ errors: [error.toJSON()] });
  };
}

/**
 * Apollo Server plugin: the document's limits for the viewer the context resolved, then the
 * caller's rate limits (one request, and its estimated cost), before planning.
 */
export function operationLimitsPlugin(limits: ViewerClassLimits, rateLimits?: RateLimits): ApolloServerPlugin<{ viewer: Viewer }> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        async didResolveOperation({ schema, document, request, contextValue }) {
          const { viewer } = contextValue;
          const { errors, cost } = measureOperation(schema, document, limitsFor(limits, viewer.userId !== null || !!viewer.apiKey), {
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? undefined,
          });
          if (errors[0]) throw errors[0];
          await rateLimits?.admit(viewer, cost ?? 1);
        },
        willSendResponse({ response, errors }) {
          // HTTP's own way to say when to come back, beside extensions.retryAfterSeconds.
          const retryAfter = errors?.find((error) => error.extensions.code === 'RATE_LIMITED')?.extensions.retryAfterSeconds;
          if (typeof retryAfter === 'number') response.http.headers.set('retry-after', String(retryAfter));
          return Promise.resolve();
        },
      }),
  };
}
