import { startTestStack } from '@plaza/testkit';

const REQUESTS = 400;
const QUERY = '{ organization { id name } }';
const CREATE_KEY = `mutation ($expiresAt: DateTime!) {
  createApiKey(input: { name: "Bench", scopes: [IDENTITY_READ], expiresAt: $expiresAt }) { key }
}`;

async function timed(url: string, credential: string) {
  const durations: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`bench query failed: ${JSON.stringify(body.errors)}`);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { p50: durations[Math.floor(REQUESTS / 2)]!, p99: durations[Math.floor(REQUESTS * 0.99)]! };
}

/**
 * What an API key costs per request: the same identity query with an admin's token and with a
 * key (the gateway asks identity about the key on every request; a token's viewer check is cached
 * for 10 s). PGlite stack, loopback, sequential; the first 50 of each are a warm-up.
 */
export async function reportApiKeys() {
  const stack = await startTestStack({ only: ['identity'] });
  try {
    const owner = await stack.createOrganization({ name: 'Bench' });
    const created = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ query: CREATE_KEY, variables: { expiresAt: new Date(Date.now() + 86_400_000).toISOString() } }),
    });
    const { data } = (await created.json()) as { data: { createApiKey: { key: string } } };
    await timed(stack.url, owner.token);
    await timed(stack.url, data.createApiKey.key);
    const token = await timed(stack.url, owner.token);
    const key = await timed(stack.url, data.createApiKey.key);
    console.log(`API keys, ${REQUESTS} sequential requests of "${QUERY}" through the gateway:`);
    console.log(`  user access token  p50 ${token.p50.toFixed(2)} ms, p99 ${token.p99.toFixed(2)} ms`);
    console.log(`  API key            p50 ${key.p50.toFixed(2)} ms, p99 ${key.p99.toFixed(2)} ms`);
  } finally {
    await stack.stop();
  }
}
