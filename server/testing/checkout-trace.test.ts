// One checkout = one trace (issue 13, ADR 023). The real HTTP entry (createHttpApp: Express, the
// Remix request handler, the REST API's route modules), real Postgres through the traced client,
// real pg-boss (the outbox job and its worker), the Stripe emulator through the real Stripe SDK and
// the Shopify emulator through the real Shopify SDK, with the SDK started as the entries start it
// and an in-memory exporter beside the ring. The checkout POST carries an upstream `traceparent`
// (a CDN/ALB's): every span of the checkout, the worker's included, must be in that trace.
import { exporter } from './tracing-setup';
import { Writable } from 'node:stream';
import { context as otelContext } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopTracing, traceRing } from '../platform/tracing';
import { createDatabases, type Databases } from '../../db/client';
import { variants } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../db/testing/database';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe/server';
import { startShopifyEmulator, type ShopifyEmulator } from '../../emulators/shopify/server';
import { createBoss } from '../platform/boss';
import { createQueues } from '../platform/queues';
import { createLogger } from '../platform/logger';
import { createOutbox } from '../platform/outbox';
import { createStripeClient } from '../integrations/stripe/client';
import { createShopifyClient } from '../integrations/shopify/client';
import { registerShopifyPushJobs } from '../../jobs/shopify-push-jobs';
import { registerOrderAuthorizedFanOut } from '../../jobs/order-jobs';
import { insertTestVariant } from './catalog-fixture';
import { resourceRoutesBuild, startWebApp } from './web-app';
import * as cartsRoute from '../../app/routes/api.v1.carts';
import * as linesRoute from '../../app/routes/api.v1.carts.$id.lines';
import * as checkoutRoute from '../../app/routes/api.v1.carts.$id.checkout';

/** The REST API's three route modules as a compiled build carries them (resource routes: no documents). */
const build = resourceRoutesBuild({
  'routes/api.v1.carts': { path: 'api/v1/carts', module: cartsRoute },
  'routes/api.v1.carts.$id.lines': { path: 'api/v1/carts/:id/lines', module: linesRoute },
  'routes/api.v1.carts.$id.checkout': { path: 'api/v1/carts/:id/checkout', module: checkoutRoute },
});

let t: TestDatabase;
let db: Databases;
let stripeEmu: StripeEmulator;
let shopifyEmu: ShopifyEmulator;
let web: PgBoss;
let worker: PgBoss;
let base = '';
let closeServer: () => void;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await createTestDatabase('trace');
  db = createDatabases({ url: t.url, max: 5, traceStatements: true });
  stripeEmu = await startStripeEmulator({ port: 0 });
  shopifyEmu = await startShopifyEmulator({ port: 0 });
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
        cb();
      },
    }),
  );
  web = createBoss(t.url, logger, { max: 2 });
  await web.start();
  await createQueues(web);
  const shopify = createShopifyClient({ SHOPIFY_SHOP_DOMAIN: shopifyEmu.shopDomain, SHOPIFY_ACCESS_TOKEN: shopifyEmu.accessToken, SHOPIFY_API_KEY: 'dotshop-test', SHOPIFY_API_SECRET: shopifyEmu.apiSecret, SHOPIFY_API_BASE: shopifyEmu.url });
  const app = await startWebApp({
    db,
    build,
    logger,
    outbox: createOutbox(web),
    stripe: createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_trace', STRIPE_API_BASE: stripeEmu.url }, { maxNetworkRetries: 0 }),
    shopify,
  });
  base = app.url;
  closeServer = app.close;
  worker = createBoss(t.url, logger, { max: 3 });
  await worker.start();
  // The order-authorized row fans out to the push (ADR 026), carrying the checkout's traceparent.
  await registerOrderAuthorizedFanOut(worker, { db, outbox: createOutbox(worker) }, { pollingIntervalSeconds: 0.5 });
  await registerShopifyPushJobs(worker, { db, logger, shopify, schedule: false, pollingIntervalSeconds: 0.5 });
}, 60_000);

afterAll(async () => {
  closeServer?.();
  await worker?.stop({ graceful: false, close: true });
  await web?.stop({ graceful: false, close: true });
  await db?.close();
  await shopifyEmu?.close();
  await stripeEmu?.close();
  await t?.drop();
  await stopTracing();
});

/** A request from "outside": the test's own HTTP client is not traced (the upstream header is set by hand). */
const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  otelContext.with(suppressTracing(otelContext.active()), () =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  );

async function waitFor<T>(what: string, fn: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a checkout is one trace', () => {
  it('POST → loader/action → transaction → Stripe authorize → commit → outbox job → worker → Shopify push → acknowledgement, parented across the job boundary', async () => {
    const sku = `TRACE-${process.pid}`;
    const v = await insertTestVariant(t.primary, { sku, available: 20, usd: 4200 });
    const made = shopifyEmu.createProduct({ title: `Trace ${sku}`, variants: [{ sku, price: '42.00', available: 20 }] });
    await t.primary.update(variants).set({ shopifyId: made.variants[0].variant_id, shopifyInventoryItemId: made.variants[0].inventory_item_id }).where(eq(variants.id, v.variantId));

    const cart = (await (await call('/api/v1/carts', { region: 'us' })).json()) as { id: string };
    expect((await call(`/api/v1/carts/${cart.id}/lines`, { sku, quantity: 1 })).status).toBe(201);

    const upstreamTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const upstreamSpan = '00f067aa0ba902b7';
    const res = await call(
      `/api/v1/carts/${cart.id}/checkout`,
      {
        email: 'trace@example.com',
        shippingAddress: { name: 'Ada', line1: '1 St', city: 'Portland', postalCode: '97201', region: 'OR', country: 'US' },
        shippingMethod: 'standard',
        region: 'us',
        paymentMethod: 'pm_card_visa',
      },
      { 'Idempotency-Key': `trace-${cart.id}`, traceparent: `00-${upstreamTrace}-${upstreamSpan}-01` },
    );
    expect(res.status).toBe(201);

    const spansOf = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === upstreamTrace);
    await waitFor('the Shopify acknowledgement span', () => spansOf().find((s) => s.name === 'shopify acknowledgement')).catch((err) => {
      console.log(exporter.getFinishedSpans().map((s) => `${s.spanContext().traceId.slice(0, 6)} ${s.spanContext().spanId.slice(0, 6)} <- ${s.parentSpanContext?.spanId.slice(0, 6) ?? '-'} ${s.name}`).join('\n'));
      console.log(logLines.filter((l) => Number(l.level) >= 40));
      throw err;
    });
    // The worker's job span ends after the acknowledgement.
    await waitFor('the by-SKU job span', () => spansOf().find((s) => s.name === 'job shopify.push-order.by-sku'));
    const spans = spansOf();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => (s.parentSpanContext ? byId.get(s.parentSpanContext.spanId) : undefined);
    const one = (name: string) => {
      const found = spans.filter((s) => s.name === name);
      expect(found.length, `${name} in ${spans.map((s) => s.name).join(', ')}`).toBeGreaterThanOrEqual(1);
      return found[0];
    };
    const ancestors = (s: ReadableSpan) => {
      const names: string[] = [];
      for (let p = parentOf(s); p; p = parentOf(p)) names.push(p.name);
      return names;
    };

    // The request's span is named by its route id and continues the upstream span.
    const request = one('POST routes/api.v1.carts.$id.checkout');
    expect(request.parentSpanContext?.spanId).toBe(upstreamSpan);
    const action = one('action routes/api.v1.carts.$id.checkout');
    expect(ancestors(action)).toContain(request.name);

    // The order placed by one statement that reserves first (ADR 026), then Stripe's authorization
    // (with the SDK's own HTTP client span under it), then the transaction that records it.
    const place = spans.find((s) => s.name === 'WITH jsonb_to_recordset' && ancestors(s).includes(action.name));
    expect(place, `the order-placing statement in ${spans.map((s) => s.name).join(', ')}`).toBeDefined();
    expect(String(place!.attributes['db.query.text'])).toMatch(/insert into "?orders"?/i);
    const authorize = one('stripe authorize');
    expect(ancestors(authorize)).toContain(action.name);
    expect(spans.some((s) => s.name.startsWith('POST') && s.kind === 2 && parentOf(s) === authorize), 'Stripe SDK HTTP span under stripe authorize').toBe(true);
    const recording = spans.find((s) => s.name === 'db transaction' && ancestors(s).includes(action.name));
    expect(recording, 'the recording transaction').toBeDefined();
    const ms = (hr: [number, number]) => hr[0] * 1e3 + hr[1] / 1e6;
    // Span clocks are anchored per span (sub-millisecond skew between two spans): 1 ms of slack.
    expect(ms(place!.endTime)).toBeLessThanOrEqual(ms(authorize.startTime) + 1);
    expect(ms(recording!.startTime)).toBeGreaterThanOrEqual(ms(authorize.endTime) - 1);
    // SQL statements: one span each, text without values.
    expect(String(place!.attributes['db.query.text'])).not.toContain('trace@example.com');
    expect(spans.filter((s) => parentOf(s) === recording).map((s) => s.name)).toEqual(expect.arrayContaining(['send checkout.order-authorized']));

    // Across the job boundary: the outbox job's worker span continues the request's trace (through the
    // order-authorized fan-out, which hands each order's traceparent on), the forward
    // to the FIFO-per-SKU queue continues it again, and the Shopify push and its acknowledgement sit under it.
    const outboxJob = one('job shopify.push-order');
    expect(outboxJob.kind).toBe(4); // CONSUMER
    expect(ancestors(outboxJob)).toContain(request.name);
    const skuJob = one('job shopify.push-order.by-sku');
    expect(ancestors(skuJob)).toContain(outboxJob.name);
    const push = one('shopify push order');
    expect(parentOf(push)).toBe(skuJob);
    const orderCreate = one('shopify orderCreate');
    expect(ancestors(orderCreate)).toContain(push.name);
    expect(spans.some((s) => s.kind === 2 && parentOf(s) === orderCreate), 'Shopify SDK fetch span under orderCreate').toBe(true);
    expect(ancestors(one('shopify acknowledgement'))).toContain(push.name);

    // The ring behind /admin/traces holds the same trace.
    const kept = traceRing()!.get(upstreamTrace)!;
    expect(kept.map((s) => s.name)).toEqual(expect.arrayContaining(['POST routes/api.v1.carts.$id.checkout', 'stripe authorize', 'shopify acknowledgement']));

    // Log lines written inside the trace carry its ids (the request log, the worker's push log).
    const traced = logLines.filter((l) => l.trace_id === upstreamTrace);
    expect(traced.some((l) => l.msg === 'order pushed to Shopify' && typeof l.span_id === 'string')).toBe(true);
  });
});
