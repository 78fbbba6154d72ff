import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename, dirname } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** The OpenTelemetry variables that decide whether and how a process traces. */
export interface TracingSettings {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_TRACES_EXPORTER?: 'otlp' | 'none';
  OTEL_SERVICE_NAME?: string;
}

/** Tracing is off by default: on with an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp, off again with OTEL_TRACES_EXPORTER=none. */
export function tracingEnabled(settings: TracingSettings): boolean {
  if (settings.OTEL_TRACES_EXPORTER) return settings.OTEL_TRACES_EXPORTER === 'otlp';
  return Boolean(settings.OTEL_EXPORTER_OTLP_ENDPOINT ?? settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * The service name of a process by its entry script, unless OTEL_SERVICE_NAME says otherwise:
 * `subgraphs/<name>/src/main.ts` → `<name>`, `gateway/src/main.ts` → `gateway`,
 * `packages/stack/src/main.ts` → `stack` (every server of the one-process stack).
 */
export function serviceNameOf(entryScript: string | undefined): string {
  if (!entryScript) return 'plaza';
  const packageDir = dirname(dirname(entryScript));
  return basename(packageDir) || 'plaza';
}

/** Paths that are asked often and tell nothing about a request's work: no span. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * Starts tracing for this process: spans of incoming and outgoing HTTP (W3C `traceparent` read
 * and written, so a gateway's fetch and the subgraph's work share a trace) and of PostgreSQL
 * queries, exported over OTLP/HTTP. Must run before the instrumented modules load: it is the
 * `--import @plaza/subgraph-kit/telemetry` preload's work.
 */
export function startTracing(settings: TracingSettings, entryScript: string | undefined): NodeTracerProvider {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.OTEL_SERVICE_NAME ?? serviceNameOf(entryScript) }),
    // The exporter reads OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout) itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Registers the W3C trace-context propagator and AsyncLocalStorage context with the API.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]!) }),
      // Only queries of a traced request: the outbox relay's polling would bury them otherwise.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  // The instrumentations patch modules as CommonJS requires them; Plaza is ESM. Require http and
  // pg once here so they are patched before any import, and copy the patched functions into
  // node:http's ESM exports (`import { createServer } from 'node:http'`).
  const require = createRequire(import.meta.url);
  require('node:http');
  require('node:https');
  createRequire(require.resolve('@plaza/db'))('pg');
  syncBuiltinESMExports();
  return provider;
}
