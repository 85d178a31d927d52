import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HttpInternalError } from '@shopify/shopify-api';
import { catalogProducts } from '../../db/seed/catalog';
import { createEmulatorShopify, type EmulatorShopify, type ReceivedWebhook, startWebhookReceiver, waitFor } from './sdk-test-client';
import { type ShopifyEmulator, startShopifyEmulator } from './server';
import { setUpShopifySuite, type WebhookReceiver } from './test-helpers';

const seedVariant = (sku: string) => catalogProducts.flatMap((p) => p.variants).find((v) => v.sku === sku)!;
const topics = (ws: ReceivedWebhook[]) => ws.map((w) => w.headers['x-shopify-topic']);
const payload = <T = Record<string, unknown>>(w: ReceivedWebhook) => JSON.parse(w.body) as T;

describe('webhooks to the app', () => {
  let emu: ShopifyEmulator;
  let sdk: EmulatorShopify;
  let receiver: WebhookReceiver;
  let status: (n: number, w: Omit<ReceivedWebhook, 'status'>) => number;

  setUpShopifySuite((s) => ({ emu, sdk, receiver } = { ...s, receiver: s.receiver! }), {
    options: { apiSecret: 'shpss_webhook_test_secret', webhookRetrySchedule: [50, 100, 200] },
    webhooks: { topics: ['*'], respond: (n, w) => status(n, w) },
    settleWebhooks: true,
    beforeEach: () => (status = (_n, w) => (w.validation.valid ? 200 : 401)),
  });

  it('a price change "in Shopify" sends products/update, signed so shopify.webhooks.validate accepts it; a tampered body is rejected', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-M-ECRU');
    const product = catalogProducts.find((p) => p.variants.includes(v))!;
    emu.setPrice(v.sku, '131.50');
    await emu.waitForWebhooks();
    expect(receiver.received).toHaveLength(1);
    const [w] = receiver.received;
    expect(w.validation).toMatchObject({ valid: true, topic: 'PRODUCTS_UPDATE', domain: 'dotshop-dev.myshopify.com', apiVersion: '2026-04' });
    expect(w.headers).toMatchObject({
      'content-type': 'application/json',
      'x-shopify-topic': 'products/update',
      'x-shopify-shop-domain': 'dotshop-dev.myshopify.com',
      'x-shopify-api-version': '2026-04',
      'x-shopify-hmac-sha256': expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      'x-shopify-webhook-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'x-shopify-event-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'x-shopify-triggered-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const body = payload<{ id: number; admin_graphql_api_id: string; handle: string; updated_at: string; variants: { id: number; sku: string; price: string; inventory_item_id: number; updated_at: string }[] }>(w);
    expect(body).toMatchObject({ id: Number(product.shopifyId.split('/').pop()), admin_graphql_api_id: product.shopifyId, handle: product.handle });
    expect(body.variants.find((x) => x.sku === v.sku)).toMatchObject({ price: '131.50', inventory_item_id: Number(v.inventoryItemId.split('/').pop()) });
    expect(Date.parse(body.updated_at)).toBeGreaterThan(Date.parse('2026-01-05T09:00:00Z'));

    const tampered = await receiver.validate(w.body.replace('131.50', '1.50'), w.headers);
    expect(tampered).toMatchObject({ valid: false, reason: 'invalid_hmac' });
    const wrongSecret = createEmulatorShopify(emu, { apiSecretKey: 'not-the-secret' });
    const rejected = await startWebhookReceiver(wrongSecret.shopify);
    try {
      expect(await rejected.validate(w.body, w.headers)).toMatchObject({ valid: false, reason: 'invalid_hmac' });
    } finally {
      await rejected.close();
    }
  });

  it('a stock change sends inventory_levels/update (inventory_item_id, location_id, available, updated_at)', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-M-INK');
    emu.setAvailable(v.sku, 4);
    emu.setAvailable(v.sku, 4); // unchanged: no webhook
    emu.adjustAvailable(v.sku, -1);
    await emu.waitForWebhooks();
    expect(topics(receiver.received)).toEqual(['inventory_levels/update', 'inventory_levels/update']);
    expect(receiver.received.every((w) => w.validation.valid)).toBe(true);
    const bodies = receiver.received.map((w) => payload(w));
    expect(bodies.map((b) => b.available)).toEqual([4, 3]);
    expect(bodies[0]).toEqual({
      inventory_item_id: Number(v.inventoryItemId.split('/').pop()),
      location_id: Number(emu.locationId.split('/').pop()),
      available: 4,
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      admin_graphql_api_id: `gid://shopify/InventoryLevel/${emu.locationId.split('/').pop()}?inventory_item_id=${v.inventoryItemId.split('/').pop()}`,
    });
  });

  it('retries after a 500 (same webhook id, event id and triggered-at), then gives up after the schedule', async () => {
    let calls = 0;
    status = () => (++calls === 1 ? 500 : 200);
    emu.setPrice('FA-LINEN-SHIRT-L-ECRU', 140);
    await emu.waitForWebhooks();
    expect(receiver.received.map((w) => w.status)).toEqual([500, 200]);
    const [a, b] = receiver.received;
    for (const h of ['x-shopify-webhook-id', 'x-shopify-event-id', 'x-shopify-triggered-at', 'x-shopify-hmac-sha256']) expect(b.headers[h]).toBe(a.headers[h]);
    expect(b.body).toBe(a.body);
    expect(b.at - a.at).toBeGreaterThanOrEqual(45);
    expect(emu.webhookDeliveries().map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);

    receiver.received.length = 0;
    status = () => 503;
    emu.setPrice('FA-LINEN-SHIRT-L-ECRU', 141);
    await emu.waitForWebhooks();
    expect(receiver.received).toHaveLength(4); // 1 + 3 retries
    expect(emu.state().webhooks).toMatchObject({ outstanding: 0 });
  });

  it('duplicates, reorders and delays deliveries on request', async () => {
    const res = await fetch(`${emu.url}/_emulator/webhooks/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ duplicate: 2 }) });
    expect(res.status).toBe(200);
    emu.setAvailable('FA-LINEN-SHIRT-S-ECRU', 11);
    await emu.waitForWebhooks();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0].headers['x-shopify-event-id']).toBe(receiver.received[1].headers['x-shopify-event-id']);
    expect(receiver.received[0].headers['x-shopify-webhook-id']).toBe(receiver.received[1].headers['x-shopify-webhook-id']);

    emu.clearWebhookFaults();
    receiver.received.length = 0;
    emu.setWebhookFaults({ reorder: 4, reorderWindowMs: 2000 });
    for (const n of [1, 2, 3, 4]) emu.setAvailable('FA-LINEN-SHIRT-S-ECRU', n);
    await emu.waitForWebhooks();
    const got = receiver.received.map((w) => payload(w).available);
    expect([...got].sort()).toEqual([1, 2, 3, 4]);
    expect(got).not.toEqual([1, 2, 3, 4]);
    // The payloads' updated_at have second resolution, like Shopify's; triggered-at has milliseconds.
    expect(receiver.received.every((w) => w.validation.valid)).toBe(true);

    emu.clearWebhookFaults();
    receiver.received.length = 0;
    emu.setWebhookFaults({ delayMs: 150 });
    const sent = Date.now();
    emu.setAvailable('FA-LINEN-SHIRT-S-ECRU', 20);
    await emu.waitForWebhooks();
    expect(receiver.received[0].at - sent).toBeGreaterThanOrEqual(140);
    // Triggered-at is when the change happened, to the millisecond (not truncated to its second),
    // and a delivery delay does not move it: the app's inbound lag starts here.
    const triggered = Date.parse(String(receiver.received[0].headers['x-shopify-triggered-at']));
    expect(triggered).toBeGreaterThanOrEqual(sent);
    expect(triggered).toBeLessThan(receiver.received[0].at);
  });

  it('down: the Admin API answers 503 and webhooks are held; up: they are delivered', async () => {
    await fetch(`${emu.url}/_emulator/down`, { method: 'POST' });
    const err = await sdk.client.request('{ shop { name } }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpInternalError);
    expect((err as HttpInternalError).response.code).toBe(503);
    emu.setPrice('FA-LINEN-SHIRT-XL-ECRU', 150);
    emu.setAvailable('FA-LINEN-SHIRT-XL-ECRU', 7);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toHaveLength(0);
    expect(emu.state()).toMatchObject({ down: true, webhooks: { held_while_paused: 2, outstanding: 2 } });

    await fetch(`${emu.url}/_emulator/up`, { method: 'POST' });
    await emu.waitForWebhooks();
    expect(topics(receiver.received).sort()).toEqual(['inventory_levels/update', 'products/update']);
    expect((await sdk.client.request<{ shop: { name: string } }>('{ shop { name } }')).data?.shop.name).toBe('DotShop (emulated)');
  });

  it('a failing delivery keeps retrying through a down period and lands after up', async () => {
    let calls = 0;
    status = () => (++calls === 1 ? 500 : 200);
    emu.setAvailable('FA-LINEN-SHIRT-XL-INK', 9);
    await waitFor(() => receiver.received.length === 1, 2000, 'first attempt');
    emu.setDown(true);
    await new Promise((r) => setTimeout(r, 120)); // the 50 ms retry comes due while down: held
    expect(receiver.received).toHaveLength(1);
    emu.setDown(false);
    await emu.waitForWebhooks();
    expect(receiver.received.map((w) => w.status)).toEqual([500, 200]);
  });

  it('fulfilling an order sends fulfillments/create and orders/fulfilled', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-L-INK');
    const orderId = randomUUID();
    await sdk.client.request(
      `mutation($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) { orderCreate(order: $order, options: $options) { order { id } userErrors { message } } }`,
      {
        variables: {
          order: { lineItems: [{ variantId: v.shopifyId, quantity: 1 }], tags: [`dotshop-order-${orderId}`], sourceIdentifier: orderId, email: 'a@example.com', financialStatus: 'AUTHORIZED' },
          options: { inventoryBehaviour: 'DECREMENT_OBEYING_POLICY' },
        },
      },
    );
    await emu.waitForWebhooks();
    // Subscribed to '*': orders/create arrives too (the default start-up topics leave it out).
    expect(topics(receiver.received)).toEqual(['orders/create', 'inventory_levels/update']);
    receiver.received.length = 0;
    const res = await fetch(`${emu.url}/_emulator/orders/${encodeURIComponent(orderId)}/fulfill`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tracking_number: '1Z999AA10123456784', tracking_company: 'UPS' }),
    });
    expect(res.status).toBe(200);
    const fulfilled = (await res.json()) as { fulfillment_id: string; order: { fulfillment_status: string } };
    expect(fulfilled.order.fulfillment_status).toBe('FULFILLED');
    await emu.waitForWebhooks();
    expect(topics(receiver.received)).toEqual(['fulfillments/create', 'orders/fulfilled']);
    expect(receiver.received.every((w) => w.validation.valid)).toBe(true);
    const f = payload(receiver.received[0]);
    expect(f).toMatchObject({
      admin_graphql_api_id: fulfilled.fulfillment_id,
      status: 'success',
      tracking_company: 'UPS',
      tracking_number: '1Z999AA10123456784',
      tracking_numbers: ['1Z999AA10123456784'],
      line_items: [{ sku: v.sku, quantity: 1 }],
    });
    const o = payload(receiver.received[1]);
    expect(o).toMatchObject({ fulfillment_status: 'fulfilled', source_identifier: orderId, tags: `dotshop-order-${orderId}`, financial_status: 'authorized' });
    expect(f.order_id).toBe(o.id);
    expect(emu.stock(v.sku).committed).toBe(0);
  });

  it('product create and delete send products/create and products/delete', async () => {
    const created = emu.createProduct({ title: 'Silk Scrunchie', productType: 'Accessories', variants: [{ sku: 'FA-SCRUNCHIE', price: '18.00', priceEur: '19.00', available: 30 }] });
    emu.deleteProduct(created.handle);
    await emu.waitForWebhooks();
    expect(topics(receiver.received)).toEqual(['products/create', 'products/delete']);
    expect(payload(receiver.received[0])).toMatchObject({ handle: 'silk-scrunchie', variants: [{ sku: 'FA-SCRUNCHIE', price: '18.00', inventory_quantity: 30 }] });
    expect(payload(receiver.received[1])).toEqual({ id: Number(created.product_id.split('/').pop()) });
  });

  it('the start-up subscription defaults to the sync topics, and resend delivers an event again', async () => {
    const other = await startShopifyEmulator({ port: 0, shopDomain: 'dotshop-other.myshopify.com', apiSecret: 'shpss_webhook_test_secret', webhookUrl: receiver.url });
    try {
      expect(other.state().webhooks.subscriptions[0].topics).toEqual(['products/create', 'products/update', 'products/delete', 'inventory_levels/update', 'fulfillments/create', 'orders/fulfilled']);
      other.setAvailable('FA-LINEN-SHIRT-XS-INK', 1);
      await other.waitForWebhooks();
      const first = receiver.received.at(-1)!;
      expect(first.headers['x-shopify-shop-domain']).toBe('dotshop-other.myshopify.com');
      const eventId = first.headers['x-shopify-event-id'] as string;
      const res = await fetch(`${other.url}/_emulator/webhooks/events/${eventId}/resend`, { method: 'POST' });
      expect(await res.json()).toEqual({ event_id: eventId, subscriptions: 1 });
      await other.waitForWebhooks();
      const again = receiver.received.at(-1)!;
      expect(again.headers['x-shopify-event-id']).toBe(eventId);
      expect(again.headers['x-shopify-webhook-id']).not.toBe(first.headers['x-shopify-webhook-id']);
    } finally {
      await other.close();
    }
  });
});
