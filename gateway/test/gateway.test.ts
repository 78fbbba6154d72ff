import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, startTestStack, until, type TestStack } from '@plaza/testkit';
import { REPO_ROOT } from '../src/subgraph-registry.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

describe('gateway over HTTP', () => {
  it('serves an offline GraphiQL playground on GET with a headers editor', async () => {
    const response = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('Authorization');
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
    const spaceId = expectData(await owner.request(`mutation { createSpace(input: { name: "Live", visibility: PUBLIC }) { id } }`)).createSpace.id;
    const query = `subscription ($id: ID!) { postAdded(spaceId: $id) { title author { name } } }`;
    const streamUrl = `${stack.url}/stream?${new URLSearchParams({ query, variables: JSON.stringify({ id: spaceId }) })}`;
    const abort = new AbortController();
    const response = await fetch(streamUrl, { headers: { accept: 'text/event-stream', authorization: `Bearer ${owner.token}` }, signal: abort.signal });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      await until(() => stack.running.gateway.upstreamSubscriptions() === 1);
      await until(() => stack.running.subgraphs.community!.server.listeningSubscriptions() === 1);
      expectData(await owner.request(`mutation ($id: ID!) { createPost(input: { spaceId: $id, title: "Seen live", body: "b" }) { id } }`, { id: spaceId }));
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
    await until(() => stack.running.gateway.upstreamSubscriptions() === 0);
  });

  it('answers health checks', async () => {
    const response = await fetch(new URL('/health', stack.url));
    expect(await response.json()).toEqual({ status: 'ok', service: 'gateway' });
  });

  it('passes each subgraph error code through unchanged', async () => {
    const response = await stack.anonymous.request(`mutation { createOrganization(input: { name: "X" }) { token } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves one query across identity and other subgraphs', async () => {
    const owner = await stack.createOrganization({ name: 'Federated' });
    const data = expectData(
      await owner.request(`{ me { name organizations { name } } }`),
    );
    expect(data.me.organizations).toEqual([{ name: 'Federated' }]);
  });
});

describe('docker-compose.yml', () => {
  const compose = ['docker compose', 'docker-compose'].find((command) => {
    const [bin, ...args] = command.split(' ');
    return spawnSync(bin!, [...args, 'version'], { stdio: 'ignore' }).status === 0;
  });

  it.skipIf(!compose)('is accepted by `docker compose config`', () => {
    const [bin, ...args] = compose!.split(' ');
    const config = execFileSync(bin!, [...args, 'config'], { cwd: REPO_ROOT, encoding: 'utf8' });
    for (const service of ['postgres', 'redis', 'gateway', 'identity', 'community', 'commerce', 'crm', 'scheduling', 'learning', 'notifications']) {
      expect(config).toMatch(new RegExp(`^  ${service}:`, 'm'));
    }
  });
});

describe('custom scalars through the gateway', () => {
  it('turns an unparsable DateTime variable into BAD_USER_INPUT, not an internal error', async () => {
    const owner = await stack.createOrganization();
    const response = await owner.request(
      `mutation ($startsAt: DateTime!) { createEvent(input: { title: "Yoga", startsAt: $startsAt, endsAt: "2031-01-01T00:00:00Z" }) { id } }`,
      { startsAt: 'tomorrow' },
    );
    expect(response.errors?.[0]?.extensions?.code, JSON.stringify(response.errors)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/startsAt|DateTime/);
  });
});

describe('privacy', () => {
  it("turns off @apollo/gateway's telemetry (usage export to Apollo, cloud metadata probes) by default", () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});
