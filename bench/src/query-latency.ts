import { startTestStack } from '@plaza/testkit';
import { MY_ORGANIZATIONS } from './operations.ts';

const REQUESTS = 500;
const WARMUP = 50;

/** Sequential requests of a cross-subgraph query on a fresh in-process stack (PGlite, in memory). */
export async function measureQueryLatency() {
  const stack = await startTestStack();
  try {
    const owner = await stack.createOrganization({ name: 'Bench' });
    const query = MY_ORGANIZATIONS;
    for (let i = 0; i < WARMUP; i++) await owner.request(query);
    const durations: number[] = [];
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const response = await owner.request(query);
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      durations.push(performance.now() - t);
    }
    const elapsed = performance.now() - started;
    durations.sort((a, b) => a - b);
    const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
    return {
      name: 'me → organizations → members → user',
      requests: REQUESTS,
      p50: at(0.5),
      p99: at(0.99),
      perSecond: (REQUESTS / elapsed) * 1000,
    };
  } finally {
    await stack.stop();
  }
}
