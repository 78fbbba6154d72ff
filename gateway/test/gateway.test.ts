import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { createClient, expectData, sharedTestStack, type TestStack } from '@plaza/testkit';
import { DEFAULT_TOPOLOGY_FILE, topology } from '@plaza/topology';
import { graphql } from './graphql/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await sharedTestStack();
});

/** How long a test waits for the stack to reach a state (subscriptions opened or released). */
const SETTLE = { timeout: 10_000, interval: 25 };

const CREATE_SPACE = graphql(`
  mutation GatewayPlaygroundCreateSpace {
    createSpace(input: { name: "Live", visibility: PUBLIC }) {
      id
    }
  }
`);
const POST_ADDED = graphql(`
  subscription GatewayPlaygroundPostAdded($id: ID!) {
    postAdded(spaceId: $id) {
      title
      author {
        name
      }
    }
  }
`);
const CREATE_POST = graphql(`
  mutation GatewayPlaygroundCreatePost($id: ID!) {
    createPost(input: { spaceId: $id, title: "Seen live", body: "b" }) {
      id
    }
  }
`);
const CREATE_ORGANIZATION = graphql(`
  mutation GatewayCreateOrganizationAnonymously {
    createOrganization(input: { name: "X" }) {
      token
    }
  }
`);
const ME = graphql(`
  query GatewayMeAcrossSubgraphs {
    me {
      name
      organizations {
        name
      }
    }
  }
`);
const CREATE_EVENT = graphql(`
  mutation GatewayCreateEventWithStart($startsAt: DateTime!) {
    createEvent(input: { title: "Yoga", startsAt: $startsAt, endsAt: "2031-01-01T00:00:00Z" }) {
      id
    }
  }
`);

describe('gateway over HTTP', () => {
  it('serves an offline GraphiQL playground on GET with a headers editor', async () => {
    const response = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('Authorization');
    // Its sign-in bar signs in and refreshes the token itself (the browser test drives it).
    expect(html).toContain('signIn(input:');
    expect(html).toContain('refreshToken(refreshToken:');
    // It opens clean: no placeholder Authorization header that every request, the schema's
    // introspection first, would send and be refused for.
    expect(html).not.toContain('Bearer <paste');
    expect([...html.matchAll(/"headers":"([^"]*)"/g)].map((match) => match[1])).toContain('{}');
    // …and the schema loads: the playground's first request, its introspection, without a token.
    const introspection = await createClient(stack.url).requestUntyped(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    // Nothing loads from a CDN: no external scripts or stylesheets.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
  });

  it("streams the playground's subscriptions over SSE with the headers tab's Authorization", async () => {
    const html = await (await fetch(stack.url, { headers: { accept: 'text/html' } })).text();
    // The page's own settings (not the GraphiQL bundle, which names every protocol).
    expect(html.match(/"subscriptionsProtocol":"(\w+)"/)?.[1]).toBe('GRAPHQL_SSE');
    // GraphiQL (graphql-yoga's) sends a subscription as GET <endpoint>/stream, Accept: text/event-stream.
    const owner = await stack.createOrganization();
    const spaceId = expectData(await owner.request(CREATE_SPACE)).createSpace.id;
    const gateway = stack.running.gateway;
    const community = stack.running.subgraphs.community!.server;
    // The stack is the worker's: earlier files' subscriptions have been released before this one opens.
    await vi.waitFor(() => expect(gateway.upstreamSubscriptions()).toBe(0), SETTLE);
    const query = POST_ADDED.toString();
    const streamUrl = `${stack.url}/stream?${new URLSearchParams({ query, variables: JSON.stringify({ id: spaceId }) })}`;
    const abort = new AbortController();
    const response = await fetch(streamUrl, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${owner.token}` },
      signal: abort.signal,
    });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      await vi.waitFor(() => expect(gateway.upstreamSubscriptions()).toBe(1), SETTLE);
      await vi.waitFor(() => expect(community.listeningSubscriptions()).toBe(1), SETTLE);
      expectData(await owner.request(CREATE_POST, { id: spaceId }));
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let received = '';
      while (!received.includes('Seen live')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value;
      }
      expect(received).toContain(`"postAdded":{"title":"Seen live","author":{"name":"${owner.name}"}}`);
    } finally {
      abort.abort();
    }
    await vi.waitFor(() => expect(gateway.upstreamSubscriptions()).toBe(0), SETTLE);
  });

  it('answers health checks', async () => {
    const response = await fetch(new URL('/health', stack.url));
    expect(await response.json()).toEqual({ status: 'ok', service: 'gateway' });
  });

  it('passes each subgraph error code through unchanged', async () => {
    const response = await stack.anonymous.request(CREATE_ORGANIZATION);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves one query across identity and other subgraphs', async () => {
    const owner = await stack.createOrganization({ name: 'Federated' });
    const data = expectData(await owner.request(ME));
    expect(data.me?.organizations).toEqual([{ name: 'Federated' }]);
  });
});

describe('docker-compose.yml', () => {
  const compose = ['docker compose', 'docker-compose'].find((command) => {
    const [bin, ...args] = command.split(' ');
    return spawnSync(bin!, [...args, 'version'], { stdio: 'ignore' }).status === 0;
  });

  it.skipIf(!compose)('is accepted by `docker compose config`', () => {
    const [bin, ...args] = compose!.split(' ');
    // docker-compose.yml sits next to supergraph.yaml, at the repository root.
    // The keys an operator puts in .env (`${NAME:?…}` in the file); without them the file refuses
    // to render (production needs them). These must be among them: each process refuses to start without its own.
    const file = readFileSync(join(dirname(DEFAULT_TOPOLOGY_FILE), 'docker-compose.yml'), 'utf8');
    const required = [...new Set([...file.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((match) => match[1]!))];
    const keys = [
      'PLAZA_GATEWAY_PUBLIC_KEYS',
      'PLAZA_IDENTITY_SIGNING_KEYS',
      'PLAZA_GATEWAY_SIGNING_KEYS',
      'PLAZA_VAPID_PUBLIC_KEY',
      'COMMERCE_DOWNLOAD_SECRET',
      'SCHEDULING_CONNECTION_KEY',
      'PLAZA_EXTERNAL_REQUEST_SIGNING_KEY',
    ];
    expect(required).toEqual(expect.arrayContaining(keys));
    const env = { ...process.env, ...Object.fromEntries(required.map((name) => [name, `<${name}>`])) };
    const render = (environment: NodeJS.ProcessEnv) =>
      execFileSync(bin!, [...args, 'config'], { cwd: dirname(DEFAULT_TOPOLOGY_FILE), encoding: 'utf8', env: environment, stdio: 'pipe' });
    const config = render(env);
    for (const service of ['postgres', 'redis', 'gateway', ...topology().subgraphs.map((entry) => entry.name)]) {
      expect(config).toMatch(new RegExp(`^  ${service}:`, 'm'));
    }
    for (const name of keys) expect(config).toContain(`${name}: <${name}>`);
    // Each Plaza process is node itself, so SIGTERM reaches the server (no pnpm or shell between).
    expect(config).not.toMatch(/pnpm@10 --filter/);
    expect(config.match(/- --import\n\s+- tsx\n/g)).toHaveLength(topology().subgraphs.length + 1);
    // A missing key is named instead of starting processes that refuse to run.
    const { PLAZA_IDENTITY_SIGNING_KEYS: _missing, ...withoutIdentityKeys } = env;
    expect(() => render(withoutIdentityKeys)).toThrow(/PLAZA_IDENTITY_SIGNING_KEYS/);
  });
});

describe('custom scalars through the gateway', () => {
  it('turns an unparsable DateTime variable into BAD_USER_INPUT, not an internal error', async () => {
    const owner = await stack.createOrganization();
    const response = await owner.request(CREATE_EVENT, { startsAt: 'tomorrow' });
    expect(response.errors?.[0]?.extensions?.code, JSON.stringify(response.errors)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/startsAt|DateTime/);
  });
});

describe('privacy', () => {
  it("turns off @apollo/gateway's telemetry (usage export to Apollo, cloud metadata probes) by default", () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});
