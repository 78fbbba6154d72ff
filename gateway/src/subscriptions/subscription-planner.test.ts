import { describe, expect, it } from 'vitest';
import type { GraphQLError } from 'graphql';
import { composeTestSupergraph, POST_ADDED } from './subscription-supergraph.fixture.ts';
import { SIGNED_IN_LIMITS } from '../operation-limits.ts';
import { EVENT_SOURCE, SubscriptionPlanner, type PreparedSubscription } from './subscription-planner.ts';

const supergraph = composeTestSupergraph();

function prepared(planner: SubscriptionPlanner, query: string, operationName?: string): PreparedSubscription {
  const result = planner.prepare(query, operationName);
  if (!('primary' in result)) throw new Error(`Expected a plan, got ${result.map((error) => error.message).join('; ')}`);
  return result;
}

const errorsOf = (result: ReturnType<SubscriptionPlanner['prepare']>): readonly GraphQLError[] => ('primary' in result ? [] : result);

describe('SubscriptionPlanner', () => {
  it('sends the subscription to the subgraph that owns its root field and completes other fields in the rest of the plan', () => {
    const plan = prepared(new SubscriptionPlanner(supergraph), POST_ADDED, 'PostAdded');
    expect(plan.primary.serviceName).toBe('posts');
    expect(plan.primary.operation).toMatch(/postAdded\(spaceId:\$spaceId\)\{id title author\{__typename id\}\}/);
    expect(JSON.stringify(plan.rest)).toContain('"serviceName":"people"');
  });

  it('plans each event as the event in place of the primary fetch, then the rest', () => {
    const planner = new SubscriptionPlanner(supergraph);
    const plan = planner.eventPlan(prepared(planner, POST_ADDED));
    expect(plan.node?.kind).toBe('Sequence');
    const first = plan.node?.kind === 'Sequence' ? plan.node.nodes[0] : undefined;
    expect(first).toMatchObject({ kind: 'Fetch', serviceName: EVENT_SOURCE, operationKind: 'query' });
  });

  it('refuses documents that do not parse, do not validate, or are not subscriptions', () => {
    const planner = new SubscriptionPlanner(supergraph);
    expect(errorsOf(planner.prepare('subscription {'))[0]?.message).toMatch(/Syntax Error/);
    expect(errorsOf(planner.prepare('subscription { postAdded(spaceId: "s") { nope } }'))[0]?.message).toMatch(/nope/);
    const query = errorsOf(planner.prepare('{ post(id: "p") { id } }'))[0];
    expect(query?.extensions.code).toBe('BAD_USER_INPUT');
    expect(query?.message).toMatch(/Only subscriptions/);
  });

  it('keeps the most recently used plans, up to cacheSize', () => {
    const planner = new SubscriptionPlanner(supergraph, { cacheSize: 2 });
    const documents = ['a', 'b', 'c'].map((alias) => `subscription { ${alias}: postAdded(spaceId: "s") { id } }`);
    const [a, b, c] = documents.map((document) => prepared(planner, document));
    // c pushed a out (the least recently used); b and c stay.
    expect(prepared(planner, documents[1]!)).toBe(b);
    expect(prepared(planner, documents[2]!)).toBe(c);
    const aAgain = prepared(planner, documents[0]!);
    expect(aAgain).not.toBe(a);
    expect(aAgain).toEqual(a);
    // Planning a again pushed out b, the least recently used since c was read after it.
    expect(prepared(planner, documents[2]!)).toBe(c);
    expect(prepared(planner, documents[1]!)).not.toBe(b);
  });

  it('refuses a cache size that is not a positive whole number', () => {
    expect(() => new SubscriptionPlanner(supergraph, { cacheSize: 0 })).toThrow(
      'cacheSize must be a positive whole number of plans; got 0',
    );
  });

  it('refuses a subscription past its operation limits before planning it', () => {
    const planner = new SubscriptionPlanner(supergraph, { limits: { ...SIGNED_IN_LIMITS, aliases: 1, characters: 200 } });
    const aliased = errorsOf(planner.prepare('subscription { a: postAdded(spaceId: "s") { x: id y: title } }'))[0];
    expect(aliased?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'aliases', measured: 3, allowed: 1 });
    const long = errorsOf(planner.prepare(`subscription { postAdded(spaceId: "${'s'.repeat(300)}") { id } }`))[0];
    expect(long?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'characters', allowed: 200 });
  });

  it('caches per operation name as well as document', () => {
    const planner = new SubscriptionPlanner(supergraph);
    const document = `${POST_ADDED}\nsubscription Other { postAdded(spaceId: "s") { id } }`;
    expect(prepared(planner, document, 'PostAdded')).not.toBe(prepared(planner, document, 'Other'));
    expect(prepared(planner, document, 'Other')).toBe(prepared(planner, document, 'Other'));
  });
});
