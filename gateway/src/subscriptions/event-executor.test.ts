import { describe, expect, it } from 'vitest';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { pino } from 'pino';
import type { GatewayContext } from '../viewer-context.ts';
import { EventExecutor } from './event-executor.ts';
import { GraphQLDataSourceRequestKind } from './request-context.ts';
import type { StreamRequest } from './stream-registry.ts';
import { composeTestSupergraph, POST_ADDED } from './subscription-supergraph.fixture.ts';
import { SubscriptionPlanner } from './subscription-planner.ts';

const log = pino({ level: 'silent' });
const planner = new SubscriptionPlanner(composeTestSupergraph());
const prepared = planner.prepare(POST_ADDED, 'PostAdded');
if (!('primary' in prepared)) throw new Error('The test subscription does not plan');

const context: GatewayContext = {
  viewer: { userId: 'u1', organizationId: 'org-a', role: 'MEMBER' },
  requestId: 'sub-test',
  tokenExpiresAt: null,
};
const request: StreamRequest = { prepared, variables: { spaceId: 's1' }, context };

/** The `people` subgraph: names every user it is asked about, and remembers each fetch. */
function fakePeople() {
  const fetches: GraphQLDataSourceProcessOptions<GatewayContext>[] = [];
  const source: GraphQLDataSource<GatewayContext> = {
    async process(options) {
      fetches.push(options);
      const representations: unknown = options.request.variables?.representations;
      const ids = Array.isArray(representations) ? representations.map((representation: { id: string }) => representation.id) : [];
      return { data: { _entities: ids.map((id) => ({ name: `Name of ${id}` })) } };
    },
  };
  return { source, fetches };
}

const event = { data: { postAdded: { id: 'p1', title: 'Hello', author: { __typename: 'User', id: 'ada' } } } };

describe('EventExecutor', () => {
  it('completes an event through the plan: fields of other subgraphs are fetched as the stream’s viewer', async () => {
    const people = fakePeople();
    const executor = new EventExecutor({ dataSources: { people: people.source }, planner: () => planner, log });
    const result = await executor.complete(request, event);
    expect(result).toEqual({ data: { postAdded: { id: 'p1', title: 'Hello', author: { id: 'ada', name: 'Name of ada' } } } });
    expect(people.fetches).toHaveLength(1);
    const [fetch] = people.fetches;
    expect(fetch?.kind).toBe(GraphQLDataSourceRequestKind.INCOMING_OPERATION);
    expect(fetch?.context).toBe(context);
    if (fetch?.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return;
    // What a data source sees of the client's operation is the subscription itself.
    expect(fetch.incomingRequestContext.source).toBe(POST_ADDED);
    expect(fetch.incomingRequestContext.operationName).toBe('PostAdded');
    expect(fetch.incomingRequestContext.request.variables).toEqual({ spaceId: 's1' });
    expect(fetch.incomingRequestContext.schema).toBe(planner.apiSchema);
  });

  it('passes an event’s errors on with their codes when it carries no data', async () => {
    const people = fakePeople();
    const executor = new EventExecutor({ dataSources: { people: people.source }, planner: () => planner, log });
    const result = await executor.complete(request, {
      data: null,
      errors: [{ message: 'Space s1 not found', extensions: { code: 'NOT_FOUND' } }],
    });
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((error) => [error.message, error.extensions.code])).toEqual([['Space s1 not found', 'NOT_FOUND']]);
    expect(people.fetches).toEqual([]);
  });

  it('reports a failed follow-up fetch as an error of the result', async () => {
    const failing: GraphQLDataSource<GatewayContext> = { process: async () => ({ errors: [{ message: 'people is down' }] }) };
    const executor = new EventExecutor({ dataSources: { people: failing }, planner: () => planner, log });
    const result = await executor.complete(request, event);
    expect(result.errors?.[0]?.message).toMatch(/people is down/);
  });

  it('answers SERVICE_UNAVAILABLE while there is no supergraph', async () => {
    const executor = new EventExecutor({ dataSources: {}, planner: () => undefined, log });
    const result = await executor.complete(request, event);
    expect(result.errors?.[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
  });
});
