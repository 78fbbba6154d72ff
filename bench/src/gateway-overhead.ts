import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

// `pnpm --filter @plaza/bench bench:overhead`: what operation limits (with rate limits), Prometheus
// metrics and OpenTelemetry tracing add to the gateway's p50 and p99, over one query mix (me →
// organizations → members, a home feed page of 20 posts, __typename), sequential requests.
// Tracing is process-wide (a preload), so it runs in a second process, exporting over OTLP/HTTP
// to a local sink that accepts and discards the spans.

type Figures = Record<string, { requests: number; p50: number; p99: number }>;

const RUN = fileURLToPath(new URL('./gateway-overhead-run.ts', import.meta.url));
const TELEMETRY = fileURLToPath(new URL('../../packages/subgraph-kit/src/telemetry.ts', import.meta.url));

function runProcess(env: Record<string, string>, preloads: string[]): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...preloads.flatMap((preload) => ['--import', preload]), RUN], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.split('\n').find((entry) => entry.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) reject(new Error(`benchmark process exited with ${code}:\n${output.slice(-2000)}`));
      else resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as Figures);
    });
  });
}

let spans = 0;
const sink = createServer((request, response) => {
  request.on('data', (chunk: Buffer) => (spans += chunk.length));
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
try {
  const untraced = await runProcess({ OTEL_TRACES_EXPORTER: 'none' }, []);
  const traced = await runProcess({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}` }, [TELEMETRY]);
  const rows: [string, { requests: number; p50: number; p99: number }][] = [
    ['none (baseline)', untraced.baseline!],
    ['limits + metrics', untraced['limits+metrics']!],
    ['tracing', traced.baseline!],
    ['limits + metrics + tracing', traced['limits+metrics']!],
  ];
  const base = untraced.baseline!;
  const change = (value: number, of: number) => `${value >= of ? '+' : ''}${(((value - of) / of) * 100).toFixed(1)} %`;
  console.log('gateway overhead, sequential requests of me/organizations, a home feed page and __typename (identity + community, PGlite):');
  for (const [name, row] of rows)
    console.log(
      `  ${name.padEnd(28)} ${String(row.requests).padStart(5)} requests  p50 ${row.p50.toFixed(2)} ms (${change(row.p50, base.p50)}), p99 ${row.p99.toFixed(2)} ms (${change(row.p99, base.p99)})`,
    );
  console.log(`  (${(spans / 1024).toFixed(0)} KiB of spans exported)`);
} finally {
  sink.close();
}
