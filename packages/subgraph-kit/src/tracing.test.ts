import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { traceFieldsOf } from './logger.ts';
import { serviceNameOf, tracingEnabled } from './tracing.ts';

describe('tracingEnabled', () => {
  it('is off by default and on with an OTLP endpoint or the otlp exporter', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
  });

  it('stays off with OTEL_TRACES_EXPORTER=none, endpoint or not', () => {
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
  });
});

describe('serviceNameOf', () => {
  it('names a process by the package of its entry script', () => {
    expect(serviceNameOf('/srv/plaza/subgraphs/community/src/main.ts')).toBe('community');
    expect(serviceNameOf('gateway/src/main.ts')).toBe('gateway');
    expect(serviceNameOf('/srv/plaza/packages/stack/src/main.ts')).toBe('stack');
    expect(serviceNameOf(undefined)).toBe('plaza');
  });
});

describe('traceFieldsOf', () => {
  it('gives log lines the ids of the active span, and nothing outside one', () => {
    expect(traceFieldsOf(ROOT_CONTEXT)).toEqual({});
    const span = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
    expect(traceFieldsOf(trace.setSpanContext(ROOT_CONTEXT, span))).toEqual({ trace_id: span.traceId, span_id: span.spanId });
  });
});
