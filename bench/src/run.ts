import { measureStartup } from './startup.ts';
import { measureQueryLatency } from './query-latency.ts';
import { GATEWAY_COMPARISON, compareGateways } from './gateway-comparison.ts';
import { reportApiKeys } from './api-keys.ts';
import { reportOperationLimits } from './operation-limits.ts';
import { measureCommerce, printCommerce } from './commerce.ts';
import { measureScheduling, printScheduling } from './scheduling.ts';
import { measureSearch } from './search.ts';
import { formatFetches, measureFetchesPerEvent, measureRecheckRound, measureSubscriptionScale } from './subscriptions.ts';

// `pnpm bench`: prints the figures recorded in docs/benchmarks.md. Bounded loops, loopback only.
const port = Number(process.env.BENCH_PORT ?? 4999);
const startup = await measureStartup(port);
console.log(
  `start-up, command to first answered query (embedded PGlite): cold ${(startup.coldMs / 1000).toFixed(2)} s, warm ${(startup.warmMs / 1000).toFixed(2)} s`,
);

const latency = await measureQueryLatency();
console.log(
  `query latency through the gateway, ${latency.requests} sequential requests of "${latency.name}": ` +
    `p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, ${latency.perSecond.toFixed(0)} req/s`,
);

// The same cross-subgraph query through Apollo Gateway (Plaza's) and Hive Gateway, same subgraphs.
const { SEQUENTIAL, CONCURRENT_REQUESTS, CONCURRENCY, POSTS } = GATEWAY_COMPARISON;
console.log(
  `gateway comparison, home feed of ${POSTS} posts (community + identity), ${SEQUENTIAL} sequential then ${CONCURRENT_REQUESTS} requests ${CONCURRENCY} at a time:`,
);
for (const row of await compareGateways()) {
  console.log(
    `  ${row.gateway.padEnd(24)} p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, ` +
      `${row.sequentialPerSecond.toFixed(0)} req/s sequential, ${row.concurrentPerSecond.toFixed(0)} req/s with ${CONCURRENCY} viewers at once, ` +
      `${row.sameViewerConcurrentPerSecond.toFixed(0)} req/s with one viewer ${CONCURRENCY} at once`,
  );
}

await reportOperationLimits();
await reportApiKeys();

const search = await measureSearch();
console.log(
  `full-text search through the gateway, ${search.posts} posts + ${search.comments} comments in one organization (first page of 20):`,
);
for (const row of search.rows) {
  console.log(
    `  "${row.query}" (${row.matches} matches): p50 ${row.p50.toFixed(1)} ms; ` +
      `the same predicate computed per row (no index), counting only: p50 ${row.unindexedP50.toFixed(0)} ms`,
  );
}

// Commerce (issue 11): checkout throughput, sales report, catalog search, SQL per order page.
printCommerce(await measureCommerce());

// Scheduling (issue 12): availability, recurrence expansion, booking contention, iCalendar feed.
printScheduling(await measureScheduling());

// Subscriptions (issue 4 §7). BENCH_SUBSCRIBERS: concurrent subscribers on one gateway (default 10,000).
const requested = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const scale = await measureSubscriptionScale(requested);
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
if (scale.capReason) console.log(`subscriptions: ${requested} subscribers requested, capped at ${scale.target}: ${scale.capReason}`);
console.log(
  `subscriptions, concurrent subscribers on one gateway process (postAdded of one space, one WebSocket each, ${scale.viewers} viewers): ` +
    `${scale.subscribed}/${scale.target} subscribed (${scale.connected} connected, ${scale.closedEarly} dropped) in ${(scale.openMs / 1000).toFixed(2)} s`,
);
console.log(
  `subscriptions, publish-to-client latency, ${scale.posts} posts to ${scale.subscribed} subscribers (${scale.deliveries}/${scale.expectedDeliveries} deliveries, ${scale.errors} errors): ` +
    `p50 ${scale.p50.toFixed(1)} ms, p99 ${scale.p99.toFixed(1)} ms, slowest post's last delivery ${scale.worstFanOutMs.toFixed(1)} ms`,
);
console.log(
  `subscriptions, subgraph fetches while publishing those ${scale.posts} posts (${scale.viewers} viewers, ${scale.upstreamDuring} upstream streams): ${formatFetches(scale.fetchesWhilePublishing)}`,
);
console.log(
  `subscriptions, stack process memory per subscriber (gateway + subgraphs in a child process${scale.gcForced ? ', after forced GC' : ''}): ` +
    `rss ${kib(scale.stackRssPerSubscriber)} KiB, heap ${kib(scale.stackHeapPerSubscriber)} KiB (rss ${mib(scale.stackRssBefore)} → ${mib(scale.stackRssAfter)} MiB); ` +
    `bench-side graphql-ws client per socket: heap ${kib(scale.clientHeapPerSubscriber)} KiB`,
);
console.log(
  `subscriptions, after closing every client: upstream subscriptions ${scale.upstreamAfterClose}, client subscriptions ${scale.clientsAfterClose}`,
);

const recheck = await measureRecheckRound(scale.target, scale.viewers);
const reasons = Object.entries(recheck.failureReasons)
  .map(([code, count]) => `${code} ${count}`)
  .join(', ');
console.log(
  `subscriptions, one membership re-check round with ${recheck.subscribers} subscribers (interval ${recheck.intervalMs / 1000} s here, 30 s by default): ` +
    `${recheck.seen ? '' : 'NOT COMPLETED, '}identity fetches ${recheck.identityFetches}, failed ${recheck.failedRechecks}${reasons ? ` (${reasons})` : ''}, ` +
    `dropped ${recheck.closedEarly}${
      recheck.closedEarly
        ? ` (close codes ${Object.entries(recheck.closeCodes)
            .map(([code, count]) => `${code} ×${count}`)
            .join(', ')})`
        : ''
    }, still subscribed ${recheck.subscribedAfter ?? '?'}, next post delivered to ${recheck.delivered} within 8 s` +
    `${recheck.publishError ? `, publish failed: ${recheck.publishError}` : ''}${recheck.stackAlive ? '' : ', stack process died'}`,
);

const fetchTable = await measureFetchesPerEvent();
console.log(
  `subscriptions, subgraph fetches for one postAdded event (the createPost mutation's own ${formatFetches(fetchTable.mutationFetches)} subtracted):`,
);
for (const row of fetchTable.rows) {
  console.log(
    `  ${String(row.subscribers).padStart(5)} subscribers over ${String(row.viewers).padStart(3)} viewer(s), ${String(row.upstream).padStart(3)} upstream streams: ` +
      `${formatFetches(row.fetches)} fetches, delivered ${row.delivered}/${row.subscribers}, last delivery ${row.lastDeliveryMs.toFixed(0)} ms after publishing`,
  );
}
