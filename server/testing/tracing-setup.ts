// For trace tests: starts tracing as server/platform/tracing-start.ts does in the entries, with an
// in-memory exporter beside the ring. Import it FIRST: the HTTP instrumentation patches Node's
// http module as Express requires it, so it must be started before Express (or anything) loads.
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing } from '../platform/tracing-sdk';

export const exporter = new InMemorySpanExporter();
startTracing({ service: 'test', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
