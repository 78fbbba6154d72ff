import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, startTestStack, type TestStack } from '@plaza/testkit';
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
