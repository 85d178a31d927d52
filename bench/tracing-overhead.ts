// Tracing overhead per span, in-process (figures, not a test). On a shared machine the checkout
// bench's latencies mostly measure the neighbours; the cost of a span does not depend on them as
// much. Measures, with tracing off and then on (the ring only, as locally; no exporter):
//   - withSpan() around an empty async function (a loader/action/job/Stripe/Shopify span)
//   - a SQL statement through the traced postgres.js client shape (start span, end on settle)
// and multiplies by the spans of one checkout (counted from checkout-trace.test.ts's trace).
//   npm run bench:tracing        BENCH_TRACING_N=50000
import { context, trace } from '@opentelemetry/api';
import { withSpan, traceRing } from '../server/platform/tracing';
import { startTracing } from '../server/platform/tracing-sdk';

const N = Number(process.env.BENCH_TRACING_N ?? 50_000);
const SPANS_PER_CHECKOUT = { web: 32, worker: 26 }; // counted in checkout-trace.test.ts: request, action, 2 transactions, ~22 statements and pg-boss sends, Stripe (+ its HTTP span) | 2 jobs, their statements, Shopify calls

async function timeIt(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 2000; i++) await fn(); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = (cpu.user + cpu.system) / N;
  console.log(`${label.padEnd(46)} ${(wall * 1000 / N).toFixed(2).padStart(7)} µs wall  ${cpuUs.toFixed(2).padStart(7)} µs CPU per call`);
  return cpuUs;
}

const noop = async () => 1;
const tracer = trace.getTracer('bench');
const statementLike = async () => {
  // What db/client.ts's Proxy does per statement when a span is active: start, end at settle.
  if (!trace.getSpan(context.active())) return noop();
  const span = tracer.startSpan('SELECT orders', { attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'select id, number from orders where id = $1' } });
  const v = await noop();
  span.end();
  return v;
};

console.log(`Tracing overhead, ${N} calls each (Node ${process.version}; load avg ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})`);
const offSpan = await timeIt('off: withSpan(empty fn)', () => withSpan('x', {}, noop));
const offBare = await timeIt('off: the empty fn alone', noop);
startTracing({ service: 'bench' });
const onSpan = await timeIt('on: withSpan(empty fn) → ring', () => withSpan('x', { a: 1 }, noop));
const onSql = await timeIt('on: SQL statement span inside a request span', () => withSpan('request', {}, statementLike));
traceRing()?.clear();
const perSpanOn = onSpan - offBare;
console.log('');
console.log(`off: ${(offSpan - offBare).toFixed(2)} µs per helper call over a bare call`);
console.log(`on:  ~${perSpanOn.toFixed(1)} µs CPU per span; one checkout ≈ ${SPANS_PER_CHECKOUT.web} spans in the web process → ~${((perSpanOn * SPANS_PER_CHECKOUT.web) / 1000).toFixed(2)} ms CPU, ${SPANS_PER_CHECKOUT.worker} in the worker → ~${((perSpanOn * SPANS_PER_CHECKOUT.worker) / 1000).toFixed(2)} ms (statement span pair: ${onSql.toFixed(1)} µs)`);
