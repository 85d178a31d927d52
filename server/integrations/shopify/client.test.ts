// The Shopify client factory against the emulator with the real SDK: queries, THROTTLED waited out,
// webhook HMAC checks.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyEmulator, type ShopifyEmulator } from '../../../emulators/shopify/server';
import { createShopifyClient, type ShopifyClient } from './client';

let emu: ShopifyEmulator;
let client: ShopifyClient;
beforeAll(async () => {
  emu = await startShopifyEmulator({ port: 0, apiSecret: 'shpss_client_test' });
  client = createShopifyClient({ SHOPIFY_SHOP_DOMAIN: emu.shopDomain, SHOPIFY_ACCESS_TOKEN: emu.accessToken, SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: emu.apiSecret, SHOPIFY_API_BASE: emu.url });
});
afterAll(async () => emu?.close());

describe('createShopifyClient', () => {
  it('queries the Admin GraphQL API and reports the cost', async () => {
    const { data, cost } = await client.graphql<{ shop: { name: string } }>('{ shop { name } }');
    expect(data.shop.name).toBeTruthy();
    expect(cost?.throttleStatus.maximumAvailable).toBeGreaterThan(0);
  });

  it('waits out THROTTLED', async () => {
    emu.setBucket({ maximumAvailable: 60, restoreRate: 100 });
    emu.drainBucket();
    const waits: number[] = [];
    const { data } = await client.graphql<{ products: { nodes: { id: string }[] } }>('{ products(first: 5) { nodes { id } } }', {}, { onThrottled: (_c, ms) => waits.push(ms) });
    expect(data.products.nodes).toHaveLength(5);
    expect(waits.length).toBeGreaterThan(0);
  });

  it('validates webhook HMACs on the raw body', async () => {
    const body = JSON.stringify({ id: 1 });
    const req = (hmac: string) =>
      new Request('http://x/webhooks/shopify', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': hmac, 'x-shopify-topic': 'products/update', 'x-shopify-shop-domain': emu.shopDomain, 'x-shopify-api-version': '2026-04', 'x-shopify-webhook-id': 'w1', 'x-shopify-event-id': 'e1', 'x-shopify-triggered-at': new Date().toISOString() },
      });
    const good = createHmac('sha256', emu.apiSecret).update(body).digest('base64');
    expect((await client.validateWebhook(req(good), body)).valid).toBe(true);
    const bad = createHmac('sha256', 'other').update(body).digest('base64');
    expect((await client.validateWebhook(req(bad), body)).valid).toBe(false);
  });
});
