import { describe, expect, it } from 'vitest';
import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLSchema, getOperationAST, parse, type GraphQLFormattedError } from 'graphql';
import { pino } from 'pino';
import type { Role } from '@plaza/auth';
import type { GatewayContext } from '../viewer-context.ts';
import { GraphQLDataSourceRequestKind, gatewayRequestContext } from './request-context.ts';
import { SharedFetches } from './shared-fetches.ts';

type Hint = { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' };

/**
 * A subgraph as RemoteGraphQLDataSource presents it: answers after a tick and reports the
 * Cache-Control header as a hint to the incoming request's cache policy.
 */
function subgraph(hint: Hint, errors?: GraphQLFormattedError[]) {
  const calls: (string | null)[] = [];
  const source: GraphQLDataSource<GatewayContext> = {
    async process(options) {
      if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) throw new Error(`unexpected ${options.kind} request`);
      const { organizationId } = options.context.viewer;
      calls.push(organizationId);
      await new Promise((resolve) => setTimeout(resolve, 5));
      // @apollo/gateway types the policy loosely; RemoteGraphQLDataSource calls exactly this on it.
      (options.incomingRequestContext.overallCachePolicy as { restrict(hint: Hint): void }).restrict(hint);
      return { data: { _entities: [{ name: `Ada of ${organizationId}` }] }, errors };
    },
  };
  return { source, calls };
}

const ENTITIES = 'query($representations:[_Any!]!){_entities(representations:$representations){...on User{name}}}';
const entitiesDocument = parse(ENTITIES);
const entitiesOperation = getOperationAST(entitiesDocument);
const variables = { representations: [{ __typename: 'User', id: 'a' }] };

function fetchAs(source: GraphQLDataSource<GatewayContext>, organizationId: string, role: Role = 'MEMBER', userId = 'u1') {
  if (!entitiesOperation) throw new Error('The _entities query has no operation');
  const context: GatewayContext = { viewer: { userId, organizationId, role }, requestId: 'test', tokenExpiresAt: null };
  const incomingRequestContext = gatewayRequestContext({
    source: ENTITIES,
    document: entitiesDocument,
    operation: entitiesOperation,
    variables,
    schema: new GraphQLSchema({}),
    context,
    logger: pino({ level: 'silent' }),
  });
  return source.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: ENTITIES, variables },
    context,
    incomingRequestContext,
  });
}

describe('SharedFetches', () => {
  it('sends identical PUBLIC fetches of one organization and role once, and hands each taker its own copy', async () => {
    const { source, calls } = subgraph({ maxAge: 5, scope: 'PUBLIC' });
    const shared = new SharedFetches().wrap('identity', source);
    const answers = await Promise.all([
      fetchAs(shared, 'org-a', 'MEMBER', 'u1'),
      fetchAs(shared, 'org-a', 'MEMBER', 'u2'),
      fetchAs(shared, 'org-a', 'MEMBER', 'u3'),
    ]);
    expect(calls).toEqual(['org-a']);
    expect(answers.map((answer) => answer.data)).toEqual(Array(3).fill({ _entities: [{ name: 'Ada of org-a' }] }));
    expect(answers[0].data).not.toBe(answers[1].data);
    // Shortly after, still shared (within the window and the max-age).
    await fetchAs(shared, 'org-a');
    expect(calls).toHaveLength(1);
  });

  it('never shares between organizations or roles', async () => {
    const { source, calls } = subgraph({ maxAge: 5, scope: 'PUBLIC' });
    const shared = new SharedFetches().wrap('identity', source);
    const [a, b] = await Promise.all([fetchAs(shared, 'org-a'), fetchAs(shared, 'org-b'), fetchAs(shared, 'org-a', 'ADMIN')]);
    expect(calls.sort()).toEqual(['org-a', 'org-a', 'org-b']);
    expect(a.data).toEqual({ _entities: [{ name: 'Ada of org-a' }] });
    expect(b.data).toEqual({ _entities: [{ name: 'Ada of org-b' }] });
  });

  it('fetches PRIVATE, unhinted and failed answers per taker', async () => {
    const cases: [Hint, GraphQLFormattedError[]?][] = [
      [{ maxAge: 5, scope: 'PRIVATE' }],
      [{ maxAge: 0 }],
      [{ maxAge: 5, scope: 'PUBLIC' }, [{ message: 'boom' }]],
    ];
    for (const [hint, errors] of cases) {
      const { source, calls } = subgraph(hint, errors);
      const shared = new SharedFetches().wrap('identity', source);
      await Promise.all([fetchAs(shared, 'org-a', 'MEMBER', 'u1'), fetchAs(shared, 'org-a', 'MEMBER', 'u2')]);
      await fetchAs(shared, 'org-a', 'MEMBER', 'u3');
      expect(calls).toHaveLength(3);
    }
  });
});
