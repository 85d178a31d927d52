import { describe, expect, it } from 'vitest';
import { HttpInternalError } from '@shopify/shopify-api';
import { catalogProducts } from '../../db/seed/catalog';
import { type EmulatorShopify } from './sdk-test-client';
import { type ShopifyEmulator } from './server';
import { setUpShopifySuite, type WebhookReceiver } from './test-helpers';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});
const post = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('control page and control API', () => {
  let emu: ShopifyEmulator;
  let sdk: EmulatorShopify;
  let receiver: WebhookReceiver;
  setUpShopifySuite((s) => ({ emu, sdk, receiver } = { ...s, receiver: s.receiver! }), { options: { webhookRetrySchedule: [50] }, webhooks: {} });

  it('GET /_emulator lists the first 50 products with price and stock forms', async () => {
    const res = await fetch(`${emu.url}/_emulator`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<title>Shopify emulator — dotshop-dev.myshopify.com</title>');
    for (const p of catalogProducts.slice(0, 50)) expect(html).toContain(p.handle);
    for (const p of catalogProducts.slice(50)) expect(html).not.toContain(`<code>${p.handle}</code>`);
    const sku = catalogProducts[0].variants[0].sku;
    expect(html).toContain(`action="/_emulator/variants/${sku}/price"`);
    expect(html).toContain(`action="/_emulator/inventory/${sku}"`);
    expect(html).toContain('Next 50');
    const second = await (await fetch(`${emu.url}/_emulator?offset=50`)).text();
    expect(second).toContain(catalogProducts[50].handle);
  });

  it('the price form updates the store, bumps updatedAt and sends a signed products/update', async () => {
    const v = catalogProducts[1].variants[0];
    const res = await fetch(`${emu.url}/_emulator/variants/${encodeURIComponent(v.sku)}/price`, form({ amount: '99.95', currency: 'USD' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/_emulator\?flash=/);
    const page = await (await fetch(`${emu.url}${res.headers.get('location')}`)).text();
    expect(page).toContain(`${v.sku}: USD price set to 99.95; products/update sent.`);
    await emu.waitForWebhooks();
    expect(receiver.received.map((w) => [w.headers['x-shopify-topic'], w.validation.valid])).toEqual([['products/update', true]]);
    const q = await sdk.client.request<{ productVariant: { price: string; updatedAt: string; product: { updatedAt: string } } }>(`{ productVariant(id: "${v.shopifyId}") { price updatedAt product { updatedAt } } }`);
    expect(q.data!.productVariant.price).toBe('99.95');
    expect(q.data!.productVariant.updatedAt).toBe(q.data!.productVariant.product.updatedAt);
    expect(Date.parse(q.data!.productVariant.updatedAt)).toBeGreaterThan(Date.parse('2026-01-05T09:00:00Z'));

    const eur = await fetch(`${emu.url}/_emulator/variants/${encodeURIComponent(v.sku)}/price`, post({ amount: 105, currency: 'EUR' }));
    expect(await eur.json()).toMatchObject({ sku: v.sku, price: { USD: '99.95', EUR: '105.00' } });
    const bad = await fetch(`${emu.url}/_emulator/variants/${encodeURIComponent(v.sku)}/price`, form({ amount: 'lots' }));
    expect(bad.status).toBe(303);
    expect(decodeURIComponent(bad.headers.get('location') ?? '')).toContain('amount must be a non-negative decimal amount');
    const missing = await fetch(`${emu.url}/_emulator/variants/NOPE/price`, post({ amount: 1 }));
    expect(missing.status).toBe(404);
  });

  it('the stock form and JSON endpoint set or adjust available and send inventory_levels/update', async () => {
    const v = catalogProducts[2].variants[0];
    const res = await fetch(`${emu.url}/_emulator/inventory/${encodeURIComponent(v.sku)}`, form({ available: '3' }));
    expect(res.status).toBe(303);
    const json = await fetch(`${emu.url}/_emulator/inventory/${encodeURIComponent(v.sku)}`, post({ delta: -2 }));
    expect(await json.json()).toMatchObject({ sku: v.sku, available: 1, committed: 0, on_hand: 1, inventory_item_id: v.inventoryItemId, location_id: emu.locationId });
    const both = await fetch(`${emu.url}/_emulator/inventory/${encodeURIComponent(v.sku)}`, post({ delta: 1, available: 2 }));
    expect(both.status).toBe(400);
    await emu.waitForWebhooks();
    expect(receiver.received.map((w) => JSON.parse(w.body).available)).toEqual([3, 1]);
  });

  it('state, reset, and taking the API down and up through the page', async () => {
    emu.setAvailable(catalogProducts[0].variants[1].sku, 0);
    const down = await fetch(`${emu.url}/_emulator/down`, form({}));
    expect(down.status).toBe(303);
    expect(await (await fetch(`${emu.url}/_emulator`)).text()).toContain('Shopify is DOWN');
    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as { down: boolean; counts: { products: number; variants: number }; webhooks: { subscriptions: unknown[] } };
    expect(state).toMatchObject({ down: true, counts: { products: catalogProducts.length, variants: catalogProducts.flatMap((p) => p.variants).length } });
    const reset = await fetch(`${emu.url}/_emulator/reset`, post({}));
    expect(await reset.json()).toEqual({ ok: true });
    expect(emu.isDown()).toBe(false);
    expect(emu.stock(catalogProducts[0].variants[1].sku).available).toBe(catalogProducts[0].variants[1].inventoryQuantity);
    expect(emu.state().webhooks.subscriptions).toHaveLength(1); // set with setWebhookUrl: kept across reset
  });

  it('API faults: failNext (500), latency and dropped connections, like the Stripe emulator', async () => {
    const added = await fetch(`${emu.url}/_emulator/faults`, post({ failNext: 1, status: 502 }));
    expect(((await added.json()) as { fault: { id: string } }).fault.id).toMatch(/^fault_/);
    const err = await sdk.client.request('{ shop { name } }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpInternalError);
    expect((err as HttpInternalError).response.code).toBe(502);
    expect((await sdk.client.request<{ shop: { name: string } }>('{ shop { name } }')).data?.shop.name).toBe('DotShop (emulated)');

    emu.setFaults({ latencyMs: 120, count: 1 });
    const t0 = Date.now();
    await sdk.client.request('{ shop { name } }');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);

    emu.setFaults({ dropNext: 1 });
    const dropped = await sdk.client.request('{ shop { name } }').catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(Error);
    expect(emu.state().faults).toEqual([]);

    // The SDK's own retries (429/503 only) ride through a failNext on 503.
    emu.setFaults({ failNext: 1, status: 503 });
    const retried = await sdk.client.request<{ shop: { name: string } }>('{ shop { name } }', { retries: 1 });
    expect(retried.data?.shop.name).toBe('DotShop (emulated)');
  });

  it('orders can be listed and looked up by DotShop order id on the control API; unknown endpoints are 404', async () => {
    const orderId = 'ord-control-1';
    await sdk.client.request(`mutation { orderCreate(order: { lineItems: [{ variantId: "${catalogProducts[0].variants[1].shopifyId}", quantity: 1 }], sourceIdentifier: "${orderId}", tags: ["dotshop-order-${orderId}"] }) { order { id } } }`);
    const list = (await (await fetch(`${emu.url}/_emulator/orders`)).json()) as { orders: { name: string; source_identifier: string }[] };
    expect(list.orders).toMatchObject([{ name: '#1001', source_identifier: orderId }]);
    const one = await fetch(`${emu.url}/_emulator/orders/${orderId}`);
    expect(await one.json()).toMatchObject({ name: '#1001', fulfillment_status: 'UNFULFILLED' });
    expect((await fetch(`${emu.url}/_emulator/nope`)).status).toBe(404);
    expect((await fetch(`${emu.url}/admin/api/2026-04/products.json`)).status).toBe(404);

    // The page's Fulfil button: a form POST to the order's fulfil endpoint, then back to the page.
    const page = await (await fetch(`${emu.url}/_emulator`)).text();
    const action = /<form method="post" action="(\/_emulator\/orders\/[^"]+\/fulfill)">/.exec(page)?.[1];
    expect(action).toBeDefined();
    const res = await fetch(`${emu.url}${action}`, form({ tracking_number: 'TRACK-1' }));
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location') ?? '')).toContain('#1001 fulfilled; fulfillments/create and orders/fulfilled sent.');
    expect(emu.findOrder(orderId)?.fulfillment_status).toBe('FULFILLED');
    await emu.waitForWebhooks();
    expect(receiver.received.map((w) => w.headers['x-shopify-topic'])).toEqual(['fulfillments/create', 'orders/fulfilled']);
    const again = await fetch(`${emu.url}${action}`, post({}));
    expect(again.status).toBe(400);
  });
});
