import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, startProcessStack, testConfig, type ProcessStack } from '@plaza/testkit';

/** One span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes?: { key: string; value: Record<string, unknown> }[] })[];
    }[];
  }[];
}

/** A stand-in for an OpenTelemetry collector: accepts OTLP/HTTP JSON on /v1/traces and keeps the spans. */
async function startTraceReceiver(): Promise<{ endpoint: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const received = JSON.parse(body) as OtlpExport;
        for (const resource of received.resourceSpans ?? []) {
          const service = resource.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
          for (const span of (resource.scopeSpans ?? []).flatMap((scope) => scope.spans ?? [])) {
            const attributes = Object.fromEntries((span.attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));
            spans.push({ ...span, service, attributes });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// The gateway and identity as separate processes, started as the README says to trace them:
// `node --import tsx --import @plaza/subgraph-kit/telemetry …` with OTEL_EXPORTER_OTLP_ENDPOINT.
describe.skipIf(testConfig().databases.kind !== 'postgres')('tracing across processes', () => {
  let receiver: Awaited<ReturnType<typeof startTraceReceiver>>;
  let stack: ProcessStack;
  beforeAll(async () => {
    receiver = await startTraceReceiver();
    stack = await startProcessStack({
      bus: 'redis',
      subgraphs: ['identity'],
      imports: ['@plaza/subgraph-kit/telemetry'],
      // Spans leave each process within 100 ms instead of the default 5 s.
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  it("puts the gateway's, the subgraph's and the database's spans of one request into the caller's trace", async () => {
    const traceId = randomBytes(16).toString('hex');
    const client = createClient(stack.url, undefined, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    const response = await client.requestUntyped(
      'mutation TracingSignIn { signIn(input: { email: "nobody@plaza.test", password: "not-the-password" }) { token } }',
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await vi.waitFor(
      () => {
        const spans = receiver.spans.filter((span) => span.traceId === traceId);
        expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['gateway', 'identity']));
        // Identity's server span continues the gateway's client span: propagated, not a new trace.
        const identityServer = spans.find((span) => span.service === 'identity' && span.name.startsWith('POST'));
        expect(identityServer?.parentSpanId).toBeDefined();
        expect(spans.some((span) => span.service === 'gateway' && span.spanId === identityServer!.parentSpanId)).toBe(true);
        // The sign-in's user lookup, under identity's request (Prisma keeps the async context).
        const queries = spans.filter((span) => span.service === 'identity' && span.attributes['db.system.name'] === 'postgresql');
        expect(queries.some((span) => String(span.attributes['db.query.text']).includes('FROM "public"."User"'))).toBe(true);
      },
      { timeout: 15_000, interval: 100 },
    );
  });
});
