import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS_LIMITS, SIGNED_IN_LIMITS, documentLimitErrors, operationLimitsOf } from './operation-limits.ts';

const schema = buildSchema(`
  type Query { feed(first: Int = 20): PostConnection levels: [Level!] }
  type PostConnection { edges: [PostEdge!]! }
  type PostEdge { node: Post! }
  type Post { title: String comments(first: Int = 20): CommentConnection }
  type CommentConnection { edges: [CommentEdge!]! }
  type CommentEdge { node: Comment! }
  type Comment { body: String }
  type Level { name: String }
`);

const costOf = (query: string) => {
  const [error] = documentLimitErrors(schema, parse(query), { ...SIGNED_IN_LIMITS, cost: 1 });
  return error?.extensions.measured;
};

describe('the cost model', () => {
  it('multiplies what a paginated field selects by its page, once per connection', () => {
    // feed: 1 + 5 × (edges 1 + node 1 + title 1) = 16
    expect(costOf('{ feed(first: 5) { edges { node { title } } } }')).toBe(16);
    // The default page size when `first` is left out.
    expect(costOf('{ feed { edges { node { title } } } }')).toBe(1 + 20 * 3);
    // Pages of pages multiply: 1 + 5 × (1 + 1 + (1 + 10 × 3)) = 166
    expect(costOf('{ feed(first: 5) { edges { node { comments(first: 10) { edges { node { body } } } } } } }')).toBe(166);
  });

  it('counts a plain list as ten items, and introspection as nothing', () => {
    expect(costOf('{ levels { name } }')).toBe(11);
    expect(costOf('{ __schema { types { name fields { name } } } levels { name } }')).toBe(11);
  });
});

describe('operationLimitsOf', () => {
  it('keeps introspection from anonymous callers in production only', () => {
    expect(operationLimitsOf({}).anonymous.introspection).toBe(true);
    expect(operationLimitsOf({ NODE_ENV: 'production' }).anonymous.introspection).toBe(false);
    expect(operationLimitsOf({ NODE_ENV: 'production' }).signedIn.introspection).toBe(true);
  });

  it('takes overrides per class of caller from PLAZA_OPERATION_LIMITS, and names what is wrong', () => {
    const limits = operationLimitsOf({ PLAZA_OPERATION_LIMITS: '{"signedIn":{"depth":12},"anonymous":{"cost":500}}' });
    expect(limits.signedIn).toEqual({ ...SIGNED_IN_LIMITS, depth: 12 });
    expect(limits.anonymous).toEqual({ ...ANONYMOUS_LIMITS, cost: 500 });
    expect(() => operationLimitsOf({ PLAZA_OPERATION_LIMITS: '{depth: 3}' })).toThrow(/must be JSON/);
    expect(() => operationLimitsOf({ PLAZA_OPERATION_LIMITS: '{"signedIn":{"depth":-1}}' })).toThrow(/signedIn\.depth/);
    expect(() => operationLimitsOf({ PLAZA_OPERATION_LIMITS: '{"admins":{}}' })).toThrow(/admins/);
  });
});
