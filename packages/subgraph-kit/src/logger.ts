import { context as otelContext, isSpanContextValid, trace, type Context } from '@opentelemetry/api';
import { pino, type Level, type Logger } from 'pino';

export type { Logger };

let defaultLevel: Level | 'silent' = 'info';

/** Sets the level of every logger created from now on; each process calls it once with LOG_LEVEL. */
export function configureLogging(options: { level: Level | 'silent' }): void {
  defaultLevel = options.level;
}

/** The trace a log line belongs to, while tracing is on and a span is active (else nothing). */
export function traceFieldsOf(active: Context = otelContext.active()): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(active)?.spanContext();
  return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

/** Structured JSON logs on stdout, one logger per service, with the active trace's ids. */
export function createLogger(service: string): Logger {
  return pino({ level: defaultLevel, base: { service }, mixin: () => traceFieldsOf() });
}
