import { getHeapStatistics } from 'node:v8';
import { startTestStack } from '@plaza/testkit';
import { CREATE_SPACE } from './operations.ts';

/**
 * Child process of the subscription benchmark: the whole stack (gateway + subgraphs, PGlite in
 * memory) in its own process, so its memory is not mixed with the bench's WebSocket clients.
 * Talks to the bench over IPC: sends `ready` once an organization, a public space and
 * `BENCH_VIEWERS` members exist, answers `stats` (after a forced GC when run with --expose-gc),
 * and stops on `stop`.
 */
const viewers = Number(process.env.BENCH_VIEWERS ?? 20);
const send = (message: unknown) => process.send!(message);

const stack = await startTestStack({ subscriptionRevalidateMs: Number(process.env.BENCH_REVALIDATE_MS ?? 30_000) });
const owner = await stack.createOrganization({ name: 'Bench subscriptions' });
const space = await owner.request(CREATE_SPACE, { name: 'Bench' });
if (!space.data) throw new Error(JSON.stringify(space.errors));
const tokens: string[] = [];
for (let i = 0; i < viewers; i += 4) {
  const batch = await Promise.all(Array.from({ length: Math.min(4, viewers - i) }, () => stack.addMember(owner, 'MEMBER')));
  tokens.push(...batch.map((member) => member.token));
}

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', async (message: { type: string; id?: number; gc?: boolean }) => {
  if (message.type === 'stats') {
    if (gc && message.gc) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
      gc();
    }
    // Out of file descriptors (see the re-check probe), even reading /proc fails: report NaN.
    let memory = { rss: Number.NaN, heapUsed: Number.NaN };
    try {
      memory = process.memoryUsage();
    } catch {
      memory.heapUsed = getHeapStatistics().used_heap_size;
    }
    send({
      type: 'stats',
      id: message.id,
      gcForced: Boolean(gc && message.gc),
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      upstream: stack.running.gateway.upstreamSubscriptions(),
      clients: stack.running.gateway.clientSubscriptions(),
      communitySubscriptions: stack.running.subgraphs.community!.server.activeSubscriptions(),
      fetches: stack.running.gateway.subgraphFetches(),
    });
  } else if (message.type === 'stop') {
    await stack.stop();
    process.exit(0);
  }
});
send({ type: 'ready', url: stack.url, ownerToken: owner.token, spaceId: space.data.createSpace.id, tokens });
