import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, expectData, startTestStack, type Actor, type GraphQLResponse, type TestStack } from '@plaza/testkit';
import { graphql } from './graphql/index.ts';

// A subgraph that is stopped, unreachable or too slow is named in the answer: the fields it was
// to fill fail with SUBGRAPH_UNAVAILABLE, its name and their path, and every other subgraph's
// data still arrives. This file stops and restarts community, so it runs a stack of its own.

let stack: TestStack;
let owner: Actor;
beforeAll(async () => {
  stack = await startTestStack({ only: ['identity', 'community'] });
  owner = await stack.createOrganization();
});
afterAll(async () => {
  await stack?.stop();
});

/** Identity's `me` with one nullable field of community's (`level`), and a nullable community root field. */
const SPANNING = '{ me { id name level { name } } space(id: "no-such-space") { id } }';

type Spanning = GraphQLResponse<{ me: { id: string; name: string; level: unknown } | null; space: unknown }>;

const unavailable = (response: Spanning) => response.errors?.filter((error) => error.extensions?.code === 'SUBGRAPH_UNAVAILABLE') ?? [];

const readinessOf = async (graphqlUrl: string) => {
  const response = await fetch(new URL('/ready', graphqlUrl));
  return { status: response.status, body: (await response.json()) as { status: string; subgraphs: Record<string, { status: string }> } };
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

async function close(server: Server) {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('a stopped subgraph', () => {
  it('is named in partial answers and in /ready, and whole answers return once it is back', async () => {
    await stack.running.stopSubgraph('community');
    try {
      const response = (await owner.requestUntyped(SPANNING)) as Spanning;
      // Identity's data arrives; community's fields are null.
      expect(response.data?.me).toEqual({ id: owner.userId, name: owner.name, level: null });
      expect(response.data?.space).toBeNull();
      const errors = unavailable(response);
      expect(errors.map((error) => error.path)).toEqual(expect.arrayContaining([['me', 'level'], ['space']]));
      expect(errors).toHaveLength(response.errors!.length);
      for (const error of errors) {
        expect(error.extensions?.subgraph).toBe('community');
        expect(error.message).toMatch(/community.*unavailable.*connection refused/);
      }

      const readiness = await readinessOf(stack.url);
      expect(readiness.status).toBe(503);
      expect(readiness.body.status).toBe('unavailable');
      expect(readiness.body.subgraphs.community).toMatchObject({ status: 'unavailable', reason: 'connection refused' });
      expect(readiness.body.subgraphs.identity).toEqual({ status: 'ready' });
    } finally {
      await stack.running.startSubgraph('community');
    }

    const whole = (await owner.requestUntyped(SPANNING)) as Spanning;
    expect(unavailable(whole)).toEqual([]);
    expect(whole.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(whole.data?.me?.name).toBe(owner.name);
    const readiness = await readinessOf(stack.url);
    expect(readiness.status).toBe(200);
    expect(Object.values(readiness.body.subgraphs).every((subgraph) => subgraph.status === 'ready')).toBe(true);
  });
});

const CREATE_SPACE = graphql(`
  mutation OutageCreateSpace($input: CreateSpaceInput!) {
    createSpace(input: $input) {
      id
    }
  }
`);
const JOIN_SPACE = graphql(`
  mutation OutageJoinSpace($id: ID!) {
    joinSpace(id: $id) {
      id
    }
  }
`);
const CREATE_POST = graphql(`
  mutation OutageCreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      id
    }
  }
`);
const SPACE_WITH_PEOPLE = graphql(`
  query OutageSpaceWithPeople($spaceId: ID!) {
    space(id: $spaceId) {
      name
      members {
        edges {
          node {
            user {
              name
            }
          }
        }
      }
    }
    spaceFeed(spaceId: $spaceId) {
      edges {
        node {
          title
          author {
            name
          }
        }
      }
    }
  }
`);

describe('a stopped identity', () => {
  // The schema keeps identity's null where it is (composition's OUTAGE_NULLABILITY rule): the
  // feed, community's data, arrives with each author null and named, instead of disappearing
  // because User.name is non-null and identity's.
  it("leaves community's data whole, with the fields identity fills null and named", async () => {
    const { createSpace } = expectData(await owner.request(CREATE_SPACE, { input: { name: 'Outage' } }));
    expectData(await owner.request(JOIN_SPACE, { id: createSpace.id }));
    expectData(
      await owner.request(CREATE_POST, { input: { spaceId: createSpace.id, title: 'Still here', body: 'While identity is down.' } }),
    );
    await stack.running.stopSubgraph('identity');
    try {
      const response = await owner.request(SPACE_WITH_PEOPLE, { spaceId: createSpace.id });
      // Before the rule, SpaceMember.user was User!: the space vanished with identity.
      expect(response.data?.space).toEqual({ name: 'Outage', members: { edges: [{ node: { user: null } }] } });
      expect(response.data?.spaceFeed?.edges).toEqual([{ node: { title: 'Still here', author: null } }]);
      expect(response.errors?.map((error) => [error.extensions?.code, error.extensions?.subgraph, error.path])).toEqual(
        expect.arrayContaining([
          ['SUBGRAPH_UNAVAILABLE', 'identity', ['space', 'members', 'edges', 0, 'node', 'user', 'name']],
          ['SUBGRAPH_UNAVAILABLE', 'identity', ['spaceFeed', 'edges', 0, 'node', 'author', 'name']],
        ]),
      );
    } finally {
      await stack.running.startSubgraph('identity');
    }
  });
});

describe('a subgraph that does not answer', () => {
  it('fails its fields as timed out after PLAZA_SUBGRAPH_TIMEOUT_MS', async () => {
    const requests: IncomingMessage[] = [];
    // Accepts every request and never answers it.
    const silent = createServer((request) => {
      requests.push(request);
    });
    const silentUrl = await listen(silent);
    const gateway = await stack.running.startGatewayReplica({ community: silentUrl }, { subgraphTimeoutMs: 400 });
    try {
      const started = Date.now();
      const response = (await createClient(gateway.url, owner.token).requestUntyped(SPANNING)) as Spanning;
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(response.data?.me).toEqual({ id: owner.userId, name: owner.name, level: null });
      const errors = unavailable(response);
      expect(errors.map((error) => error.path)).toEqual(expect.arrayContaining([['me', 'level'], ['space']]));
      for (const error of errors) {
        expect(error.extensions?.subgraph).toBe('community');
        expect(error.message).toMatch(/community.*unavailable.*timed out after 400 ms/);
      }
      expect(requests.length).toBeGreaterThan(0);
      // Its /ready gets no answer either: the replica is not ready, and says why.
      const readiness = await readinessOf(gateway.url);
      expect(readiness.status).toBe(503);
      expect(readiness.body.subgraphs.community).toEqual({ status: 'unavailable', reason: 'no answer within 2000 ms' });
    } finally {
      await gateway.stop();
      await close(silent);
    }
  });
});

describe('a connection reset', () => {
  /**
   * In front of the real community: resets the connection of the next `resets` requests (as a
   * server closing an idle keep-alive socket just as it is reused), forwards the others.
   */
  async function resettingProxy(targetUrl: string) {
    const state = { resets: 0, received: 0 };
    const server = createServer((request, response) => {
      state.received += 1;
      if (state.resets > 0) {
        state.resets -= 1;
        request.socket.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(
            (entry): entry is [string, string] =>
              typeof entry[1] === 'string' && !['host', 'connection', 'content-length'].includes(entry[0]),
          ),
        );
        void fetch(targetUrl, { method: request.method, headers, body: Buffer.concat(chunks) }).then(async (answer) => {
          response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          response.end(Buffer.from(await answer.arrayBuffer()));
        });
      });
    });
    return { state, server, url: await listen(server) };
  }

  it('closes an idle connection to a subgraph before the subgraph does', async () => {
    const proxy = await resettingProxy(stack.running.subgraphs.community!.server.url);
    // The subgraph closes idle connections after 3 s (Plaza's servers: 65 s); the gateway after
    // 0.5 s (60 s). Node's agent alone would keep them until 1 s before the server's hint.
    proxy.server.keepAliveTimeout = 3_000;
    let connections = 0;
    proxy.server.on('connection', () => (connections += 1));
    const gateway = await stack.running.startGatewayReplica({ community: proxy.url }, { subgraphIdleSocketTimeoutMs: 500 });
    const client = createClient(gateway.url, owner.token);
    try {
      expect((await client.requestUntyped('{ me { level { name } } }')).errors).toBeUndefined();
      expect(connections).toBe(1);
      // Idle longer than the gateway's timeout, shorter than the subgraph's: a gateway that kept the
      // connection would reuse it (1 connection), and at the edge race the subgraph closing it.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await client.requestUntyped('{ me { level { name } } }')).errors).toBeUndefined();
      expect(connections).toBe(2);
    } finally {
      await gateway.stop();
      await close(proxy.server);
    }
  });

  it('sends a query once more, and never a mutation', async () => {
    const proxy = await resettingProxy(stack.running.subgraphs.community!.server.url);
    const gateway = await stack.running.startGatewayReplica({ community: proxy.url });
    const client = createClient(gateway.url, owner.token);
    try {
      proxy.state.resets = 1;
      const query = (await client.requestUntyped('{ me { name level { name } } }')) as Spanning;
      expect(query.errors).toBeUndefined();
      expect(query.data?.me?.name).toBe(owner.name);
      expect(proxy.state.received).toBe(2);

      proxy.state.received = 0;
      proxy.state.resets = 1;
      const mutation = await client.requestUntyped('mutation { markSpaceVisited(id: "no-such-space") { id } }');
      expect(proxy.state.received).toBe(1);
      expect(mutation.errors?.map((error) => [error.extensions?.code, error.extensions?.subgraph, error.path])).toEqual([
        ['SUBGRAPH_UNAVAILABLE', 'community', ['markSpaceVisited']],
      ]);
      expect(mutation.errors?.[0]?.message).toMatch(/community.*unavailable.*connection reset/);
    } finally {
      await gateway.stop();
      await close(proxy.server);
    }
  });
});
