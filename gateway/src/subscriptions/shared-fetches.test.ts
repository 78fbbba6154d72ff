import { describe, expect, it } from 'vitest';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { Role } from '@plaza/auth';
import { SharedFetches } from './shared-fetches.ts';

type Hint = { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' };

/**
 * A subgraph as RemoteGraphQLDataSource presents it: answers after a tick and reports the
 * Cache-Control header as a hint to the incoming request's cache policy.
 */
function subgraph(hint: Hint, errors?: { message: string }[]) {
  const calls: string[] = [];
  const source: GraphQLDataSource = {
    async process(options) {
      const { viewer } = options.context as { viewer: { organizationId: string } };
      calls.push(viewer.organizationId);
      await new Promise((resolve) => setTimeout(resolve, 5));
      (options as { incomingRequestContext: { overallCachePolicy: { restrict(hint: Hint): void } } }).incomingRequestContext.overallCachePolicy.restrict(hint);
      return { data: { _entities: [{ name: `Ada of ${viewer.organizationId}` }] }, errors };
    },
  };
  return { source, calls };
}

const fetchAs = (source: GraphQLDataSource, organizationId: string, role: Role = 'MEMBER', userId = 'u1') =>
  source.process({
    kind: 'incoming operation',
    request: { query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on User{name}}}', variables: { representations: [{ __typename: 'User', id: 'a' }] } },
    context: { viewer: { userId, organizationId, role } },
    incomingRequestContext: {},
  } as never);

describe('SharedFetches', () => {
  it('sends identical PUBLIC fetches of one organization and role once, and hands each taker its own copy', async () => {
    const { source, calls } = subgraph({ maxAge: 5, scope: 'PUBLIC' });
    const shared = new SharedFetches().wrap('identity', source);
    const answers = await Promise.all([fetchAs(shared, 'org-a', 'MEMBER', 'u1'), fetchAs(shared, 'org-a', 'MEMBER', 'u2'), fetchAs(shared, 'org-a', 'MEMBER', 'u3')]);
    expect(calls).toEqual(['org-a']);
    expect(answers.map((answer) => answer.data)).toEqual(Array(3).fill({ _entities: [{ name: 'Ada of org-a' }] }));
    expect(answers[0]!.data).not.toBe(answers[1]!.data);
    // Shortly after, still shared (within the window and the max-age).
    await fetchAs(shared, 'org-a');
    expect(calls).toHaveLength(1);
  });

  it('never shares between organizations or roles', async () => {
    const { source, calls } = subgraph({ maxAge: 5, scope: 'PUBLIC' });
    const shared = new SharedFetches().wrap('identity', source);
    const [a, b] = await Promise.all([fetchAs(shared, 'org-a'), fetchAs(shared, 'org-b'), fetchAs(shared, 'org-a', 'ADMIN')]);
    expect(calls.sort()).toEqual(['org-a', 'org-a', 'org-b']);
    expect(a!.data).toEqual({ _entities: [{ name: 'Ada of org-a' }] });
    expect(b!.data).toEqual({ _entities: [{ name: 'Ada of org-b' }] });
  });

  it('fetches PRIVATE, unhinted and failed answers per taker', async () => {
    for (const [hint, errors] of [[{ maxAge: 5, scope: 'PRIVATE' }], [{ maxAge: 0 }], [{ maxAge: 5, scope: 'PUBLIC' }, [{ message: 'boom' }]]] as const) {
      const { source, calls } = subgraph(hint as Hint, errors as never);
      const shared = new SharedFetches().wrap('identity', source);
      await Promise.all([fetchAs(shared, 'org-a', 'MEMBER', 'u1'), fetchAs(shared, 'org-a', 'MEMBER', 'u2')]);
      await fetchAs(shared, 'org-a', 'MEMBER', 'u3');
      expect(calls).toHaveLength(3);
    }
  });
});
