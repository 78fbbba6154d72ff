import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { VIEWER_ACCESS_FETCHES } from '@plaza/gateway';
import { createClient, createWsClient, startTestStack, type TestStack } from '@plaza/testkit';
import { CREATE_POST, CREATE_SPACE } from './operations.ts';

const STACK_SCRIPT = fileURLToPath(new URL('./subscription-stack.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Sent with graphql-ws's own client (the bench counts deliveries itself), so untyped. */
const POST_ADDED = `subscription BenchPostAdded($id: ID!) { postAdded(spaceId: $id) { title author { name } space { name } } }`;
/** Sockets opened at once; the next wave starts when this one is acknowledged (or failed). */
const WAVE = 500;
/** File descriptors kept free for the process's own files, pipes and database handles. */
const FD_RESERVE = 1_000;

type WsClient = ReturnType<typeof createWsClient>;
type Fetches = Record<string, number>;

interface Subscriber {
  client: WsClient;
  connected: Promise<boolean>;
}

/** Deliveries of the posts a run publishes, keyed by post title: when sent, and each client's receipt. */
class Deliveries {
  private readonly posts = new Map<string, { sentAt: number; latencies: number[]; waiter?: () => void; expected: number }>();
  errors = 0;
  /** Connections that closed before the bench closed them (and the bench's own closing flag). */
  closedEarly = 0;
  closeCodes: Record<string, number> = {};
  closing = false;

  expect(title: string, expected: number) {
    const post = { sentAt: performance.now(), latencies: [] as number[], expected };
    this.posts.set(title, post);
    return post;
  }

  receive(result: { data?: unknown; errors?: unknown }, at: number) {
    if (result.errors) this.errors++;
    const title = (result.data as { postAdded?: { title?: string } } | null | undefined)?.postAdded?.title;
    const post = title ? this.posts.get(title) : undefined;
    if (!post) return;
    post.latencies.push(at - post.sentAt);
    if (post.latencies.length >= post.expected) post.waiter?.();
  }

  /** Resolves with the number of deliveries once all arrived or `timeoutMs` passed. */
  async wait(title: string, timeoutMs: number): Promise<number> {
    const post = this.posts.get(title)!;
    if (post.latencies.length < post.expected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        post.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return post.latencies.length;
  }

  latencies(title: string): number[] {
    return this.posts.get(title)?.latencies ?? [];
  }
}

/** Opens one WebSocket connection per subscriber (round-robin over `tokens`), `WAVE` at a time. */
async function openSubscribers(
  url: string,
  tokens: string[],
  count: number,
  spaceId: string,
  deliveries: Deliveries,
): Promise<Subscriber[]> {
  const subscribers: Subscriber[] = [];
  for (let start = 0; start < count; start += WAVE) {
    const wave: Subscriber[] = [];
    for (let i = start; i < Math.min(count, start + WAVE); i++) {
      const client = createWsClient(url, tokens[i % tokens.length]);
      const connected = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 30_000);
        client.on('connected', () => (clearTimeout(timer), resolve(true)));
        client.on('closed', (event) => {
          clearTimeout(timer);
          if (!deliveries.closing) {
            deliveries.closedEarly++;
            const code = String((event as { code?: number }).code);
            deliveries.closeCodes[code] = (deliveries.closeCodes[code] ?? 0) + 1;
          }
          resolve(false);
        });
      });
      client.subscribe(
        { query: POST_ADDED, variables: { id: spaceId } },
        {
          next: (result) => deliveries.receive(result, performance.now()),
          error: () => deliveries.errors++,
          complete: () => {},
        },
      );
      wave.push({ client, connected });
    }
    await Promise.all(wave.map((subscriber) => subscriber.connected));
    subscribers.push(...wave);
  }
  return subscribers;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return check();
}

// The bench's own GC, for the client-side memory figure (tsx is not started with --expose-gc).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

function delta(after: Fetches, before: Fetches): Fetches {
  const result: Fetches = {};
  for (const [name, count] of Object.entries(after)) if (count - (before[name] ?? 0)) result[name] = count - (before[name] ?? 0);
  return result;
}

const sum = (fetches: Fetches) => Object.values(fetches).reduce((a, b) => a + b, 0);

/** The soft limit of open files this process (and a child it spawns) may hold. */
function openFileLimit(): number {
  const raw = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return raw === 'unlimited' ? Number.POSITIVE_INFINITY : Number(raw);
}

interface StackStats {
  gcForced: boolean;
  rss: number;
  heapUsed: number;
  upstream: number;
  clients: number;
  communitySubscriptions: number;
  fetches: Fetches;
}

/**
 * The stack in a child process (see subscription-stack.ts), driven over IPC. Its log lines pass
 * through, except failed membership re-checks, which are only counted.
 */
async function spawnStack(viewers: number, revalidateMs: number) {
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', STACK_SCRIPT], {
    cwd: BENCH_DIR,
    env: {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      BENCH_VIEWERS: String(viewers),
      BENCH_REVALIDATE_MS: String(revalidateMs),
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const logs = { recheckFailed: 0, reasons: {} as Record<string, number> };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.includes('membership revalidation failed')) return console.log(line);
    logs.recheckFailed++;
    let reason = 'unknown';
    try {
      const err = (JSON.parse(line) as { err?: { code?: string; type?: string } }).err;
      reason = err?.code ?? err?.type ?? reason;
    } catch {
      // not JSON
    }
    logs.reasons[reason] = (logs.reasons[reason] ?? 0) + 1;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const died = exited.then((code) => Promise.reject(new Error(`subscription stack exited with ${code}`)));
  died.catch(() => {});
  const ready = await Promise.race([
    new Promise<{ url: string; ownerToken: string; spaceId: string; tokens: string[] }>((resolve) =>
      child.on('message', (message: { type: string }) => message.type === 'ready' && resolve(message as never)),
    ),
    died,
  ]);
  let nextId = 0;
  const stats = (gc = false) =>
    Promise.race([
      new Promise<StackStats>((resolve) => {
        const id = nextId++;
        const listener = (message: { type: string; id?: number }) => {
          if (message.type !== 'stats' || message.id !== id) return;
          child.off('message', listener);
          resolve(message as unknown as StackStats);
        };
        child.on('message', listener);
        child.send({ type: 'stats', id, gc });
      }),
      died,
    ]);
  const stop = async () => {
    if (child.exitCode === null && child.connected) child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  return { ...ready, logs, alive: () => child.exitCode === null && child.signalCode === null, stats, stop };
}

export interface SubscriptionScale {
  requested: number;
  target: number;
  capReason?: string;
  viewers: number;
  connected: number;
  subscribed: number;
  openMs: number;
  posts: number;
  deliveries: number;
  expectedDeliveries: number;
  errors: number;
  p50: number;
  p99: number;
  /** Slowest post: from sending the mutation to its last client's receipt. */
  worstFanOutMs: number;
  stackRssPerSubscriber: number;
  stackHeapPerSubscriber: number;
  stackRssBefore: number;
  stackRssAfter: number;
  /** The bench's own heap per client (its RSS still carries the earlier in-process stacks). */
  clientHeapPerSubscriber: number;
  gcForced: boolean;
  fetchesWhilePublishing: Fetches;
  publishWindowMs: number;
  upstreamDuring: number;
  closedEarly: number;
  upstreamAfterClose: number;
  clientsAfterClose: number;
}

/**
 * Items 1–3 of issue 4 §7: N concurrent subscribers (one socket, one `postAdded` each) on one
 * gateway process, publish-to-client latency of K posts, and the stack process's memory per
 * subscriber. The stack runs in a child process; the clients live here.
 */
export async function measureSubscriptionScale(
  requested: number,
  options: { viewers?: number; posts?: number } = {},
): Promise<SubscriptionScale> {
  const posts = options.posts ?? 20;
  const limit = openFileLimit();
  // Both processes hold one descriptor per subscriber (client socket here, server socket there).
  const target = Math.max(1, Math.min(requested, limit - FD_RESERVE));
  const capReason = target < requested ? `open-file limit (ulimit -n) is ${limit}; ${FD_RESERVE} kept for the process itself` : undefined;
  const viewers = Math.min(options.viewers ?? 20, target);

  // Membership re-checks pushed out to an hour here: measureRecheckRound covers them.
  const stack = await spawnStack(viewers, 3_600_000);
  const deliveries = new Deliveries();
  const owner = createClient(stack.url, stack.ownerToken);
  const publish = async (title: string, expected: number) => {
    deliveries.expect(title, expected);
    const response = await owner.request(CREATE_POST, { input: { spaceId: stack.spaceId, title, body: 'Benchmark post.' } });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  };
  try {
    // Warm-up: plan the subscription, open the upstream socket once, then close everything again.
    const [warm] = await openSubscribers(stack.url, stack.tokens, 1, stack.spaceId, deliveries);
    await until(async () => (await stack.stats()).communitySubscriptions === 1, 10_000);
    await sleep(200);
    await publish('warm-up', 1);
    await deliveries.wait('warm-up', 10_000);
    deliveries.closing = true;
    await warm!.client.dispose();
    await until(async () => (await stack.stats()).upstream === 0, 10_000);
    await sleep(100);
    deliveries.closing = false;

    const before = await stack.stats(true);
    gc();
    const clientHeapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const subscribers = await openSubscribers(stack.url, stack.tokens, target, stack.spaceId, deliveries);
    const connected = (await Promise.all(subscribers.map((subscriber) => subscriber.connected))).filter(Boolean).length;
    await until(async () => (await stack.stats()).clients >= connected, 60_000);
    const openMs = performance.now() - started;
    const subscribed = (await stack.stats()).clients;

    // The upstream stream opens asynchronously per viewer; one readiness post proves every client gets events.
    await until(async () => {
      const stats = await stack.stats();
      return stats.upstream === viewers && stats.communitySubscriptions === viewers;
    }, 30_000);
    await sleep(500);
    await publish('ready', subscribed);
    await deliveries.wait('ready', 30_000);

    const after = await stack.stats(true);
    gc();
    const clientHeapAfter = process.memoryUsage().heapUsed;

    const all: number[] = [];
    let worstFanOutMs = 0;
    let delivered = 0;
    const publishStarted = performance.now();
    for (let k = 0; k < posts; k++) {
      const title = `post ${k}`;
      await publish(title, subscribed);
      delivered += await deliveries.wait(title, 30_000);
      const latencies = deliveries.latencies(title);
      all.push(...latencies);
      worstFanOutMs = Math.max(worstFanOutMs, ...latencies);
      await sleep(250);
    }
    const publishWindowMs = performance.now() - publishStarted;
    const fetchesWhilePublishing = delta((await stack.stats()).fetches, after.fetches);
    all.sort((a, b) => a - b);
    const upstreamDuring = (await stack.stats()).upstream;

    deliveries.closing = true;
    await Promise.all(subscribers.map(async (subscriber) => subscriber.client.dispose()));
    await until(async () => {
      const stats = await stack.stats();
      return stats.upstream === 0 && stats.clients === 0;
    }, 30_000);
    const closed = await stack.stats();

    return {
      requested,
      target,
      capReason,
      viewers,
      connected,
      subscribed,
      openMs,
      posts,
      deliveries: delivered,
      expectedDeliveries: posts * subscribed,
      errors: deliveries.errors,
      p50: percentile(all, 0.5),
      p99: percentile(all, 0.99),
      worstFanOutMs,
      stackRssBefore: before.rss,
      stackRssAfter: after.rss,
      stackRssPerSubscriber: (after.rss - before.rss) / subscribed,
      stackHeapPerSubscriber: (after.heapUsed - before.heapUsed) / subscribed,
      clientHeapPerSubscriber: (clientHeapAfter - clientHeapBefore) / subscribed,
      gcForced: after.gcForced,
      fetchesWhilePublishing,
      publishWindowMs,
      upstreamDuring,
      closedEarly: deliveries.closedEarly,
      upstreamAfterClose: closed.upstream,
      clientsAfterClose: closed.clients,
    };
  } finally {
    await stack.stop();
  }
}

export interface RecheckRound {
  subscribers: number;
  viewers: number;
  intervalMs: number;
  /** A full round (one identity fetch per connection) was seen within the wait. */
  seen: boolean;
  identityFetches: number;
  failedRechecks: number;
  /** Failed re-checks by error code. */
  failureReasons: Record<string, number>;
  closedEarly: number;
  /** WebSocket close codes of the dropped connections (4403: membership ended or changed). */
  closeCodes: Record<string, number>;
  subscribedAfter: number | null;
  delivered: number;
  stackAlive: boolean;
  publishError?: string;
}

/**
 * The gateway re-checks memberships with identity on an interval (30 s by default): one fetch
 * per distinct viewer, eight at a time. Holds N subscribers through one round (at a
 * 15-s interval, to keep the run short) and reports whether they and their events survive it.
 * Failures are read off the stack's warning logs, up to the end of the round's delivery wait.
 */
export async function measureRecheckRound(subscribers: number, viewers = 20, intervalMs = 15_000): Promise<RecheckRound> {
  const stack = await spawnStack(Math.min(viewers, subscribers), intervalMs);
  const deliveries = new Deliveries();
  const result: RecheckRound = {
    subscribers,
    viewers: Math.min(viewers, subscribers),
    intervalMs,
    seen: false,
    identityFetches: 0,
    failedRechecks: 0,
    failureReasons: {},
    closedEarly: 0,
    closeCodes: {},
    subscribedAfter: null,
    delivered: 0,
    stackAlive: true,
  };
  let opened: Subscriber[] = [];
  try {
    opened = await openSubscribers(stack.url, stack.tokens, subscribers, stack.spaceId, deliveries);
    await until(async () => (await stack.stats()).clients >= subscribers, 60_000);
    const base = (await stack.stats()).fetches[VIEWER_ACCESS_FETCHES] ?? 0;
    // One re-check per distinct viewer per round.
    result.seen = await until(
      async () => ((await stack.stats()).fetches[VIEWER_ACCESS_FETCHES] ?? 0) - base >= result.viewers,
      intervalMs + 5_000,
      100,
    );
    await sleep(3_000);
    result.identityFetches = ((await stack.stats()).fetches[VIEWER_ACCESS_FETCHES] ?? 0) - base;
    deliveries.expect('after re-check', subscribers);
    try {
      const response = await createClient(stack.url, stack.ownerToken).request(CREATE_POST, {
        input: { spaceId: stack.spaceId, title: 'after re-check', body: 'Benchmark post.' },
      });
      if (response.errors) result.publishError = response.errors[0]?.message;
      else result.delivered = await deliveries.wait('after re-check', 8_000);
    } catch (error) {
      result.publishError = (error as Error).message;
    }
    result.subscribedAfter = (await stack.stats()).clients;
  } catch (error) {
    result.publishError ??= (error as Error).message;
  } finally {
    result.stackAlive = stack.alive();
    result.failedRechecks = stack.logs.recheckFailed;
    result.failureReasons = { ...stack.logs.reasons };
    result.closedEarly = deliveries.closedEarly;
    result.closeCodes = { ...deliveries.closeCodes };
    deliveries.closing = true;
    await Promise.all(opened.map(async (subscriber) => subscriber.client.dispose()));
    await stack.stop();
  }
  return result;
}

export interface FetchRow {
  subscribers: number;
  viewers: number;
  delivered: number;
  upstream: number;
  fetches: Fetches;
  /** From sending the mutation to the last subscriber's receipt. */
  lastDeliveryMs: number;
}

/**
 * Item 4 of issue 4 §7: subgraph fetches the gateway makes for one event, as subscribers grow,
 * all on one viewer vs spread over many. In-process stack; membership re-checks are pushed out
 * to an hour so that only event fetches are counted. The publishing mutation's own fetches
 * (measured with no subscriber) are subtracted.
 */
export async function measureFetchesPerEvent(
  counts = [1, 10, 100, 1000],
  maxViewers = 100,
): Promise<{ mutationFetches: Fetches; rows: FetchRow[] }> {
  const stack: TestStack = await startTestStack({ subscriptionRevalidateMs: 3_600_000 });
  try {
    const owner = await stack.createOrganization({ name: 'Bench fetches' });
    const space = await owner.request(CREATE_SPACE, { name: 'Bench' });
    if (!space.data) throw new Error(JSON.stringify(space.errors));
    const spaceId = space.data.createSpace.id;
    const members: string[] = [];
    for (let i = 0; i < maxViewers; i += 4) {
      const batch = await Promise.all(Array.from({ length: Math.min(4, maxViewers - i) }, () => stack.addMember(owner, 'MEMBER')));
      members.push(...batch.map((member) => member.token));
    }
    const gateway = stack.running.gateway;
    const community = stack.running.subgraphs.community!.server;
    const deliveries = new Deliveries();
    let sequence = 0;
    const publishAndCount = async (expected: number) => {
      const title = `fetches ${sequence++}`;
      const before = gateway.subgraphFetches();
      deliveries.expect(title, expected);
      const response = await owner.request(CREATE_POST, { input: { spaceId, title, body: 'Benchmark post.' } });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      const delivered = expected ? await deliveries.wait(title, 30_000) : 0;
      await sleep(300); // let trailing entity fetches finish
      return { delivered, lastDeliveryMs: Math.max(0, ...deliveries.latencies(title)), fetches: delta(gateway.subgraphFetches(), before) };
    };

    const mutationFetches = (await publishAndCount(0)).fetches;
    const rows: FetchRow[] = [];
    const shapes = counts.flatMap((n) => [...new Set([1, Math.min(n, maxViewers)])].map((viewers) => ({ n, viewers })));
    for (const { n, viewers } of shapes) {
      const subscribers = await openSubscribers(stack.url, members.slice(0, viewers), n, spaceId, deliveries);
      await until(
        () =>
          gateway.clientSubscriptions() === n && gateway.upstreamSubscriptions() === viewers && community.activeSubscriptions() === viewers,
        30_000,
      );
      await sleep(300);
      const upstream = gateway.upstreamSubscriptions();
      const { delivered, fetches, lastDeliveryMs } = await publishAndCount(n);
      for (const [name, count] of Object.entries(mutationFetches)) {
        fetches[name] = (fetches[name] ?? 0) - count;
        if (!fetches[name]) delete fetches[name];
      }
      rows.push({ subscribers: n, viewers, delivered, upstream, fetches, lastDeliveryMs });
      await Promise.all(subscribers.map(async (subscriber) => subscriber.client.dispose()));
      await until(() => gateway.upstreamSubscriptions() === 0 && gateway.clientSubscriptions() === 0, 30_000);
    }
    return { mutationFetches, rows };
  } finally {
    await stack.stop();
  }
}

export function formatFetches(fetches: Fetches): string {
  const parts = Object.entries(fetches).map(([name, count]) => `${name} ${count}`);
  return `${sum(fetches)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
