/**
 * Preload that turns on OpenTelemetry tracing when the OTEL_* variables ask for it (see
 * tracing.ts); without them it does nothing. Run a process with it before its own code:
 *
 *   node --import tsx --import @plaza/subgraph-kit/telemetry subgraphs/<name>/src/main.ts
 */
import { loadConfig, telemetrySettings } from '@plaza/config';
import { startTracing, tracingEnabled } from './tracing.ts';

const settings = loadConfig(telemetrySettings);
if (tracingEnabled(settings)) {
  const provider = startTracing(settings, process.argv[1]);
  // Entry points exit with process.exit after draining: send the spans still batched first.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.prependOnceListener(signal, () => void provider.forceFlush());
}
