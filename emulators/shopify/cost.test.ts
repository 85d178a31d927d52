import { describe, expect, it } from 'vitest';
import { GraphqlQueryError } from '@shopify/shopify-api';
import { type CostExtension, type EmulatorShopify, requestRespectingThrottle, throttledCost, throttleWaitMs } from './sdk-test-client';
import { type ShopifyEmulator } from './server';
import { setUpShopifySuite } from './test-helpers';

const costOf = (res: { extensions?: unknown }) => (res.extensions as { cost: CostExtension }).cost;

describe('calculated query cost', () => {
  let emu: ShopifyEmulator;
  let sdk: EmulatorShopify;
  setUpShopifySuite((s) => ({ emu, sdk } = s));

  it('every response carries extensions.cost: objects 1, connections 2 + first × node, actual counts what came back', async () => {
    const shop = await sdk.client.request('{ shop { name myshopifyDomain } }');
    expect(costOf(shop)).toEqual({ requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 999, restoreRate: 50 } });

    const ten = await sdk.client.request('{ products(first: 10) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }');
    expect(costOf(ten)).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 12 });

    const one = await sdk.client.request('{ products(first: 10, query: "handle:linen-camp-shirt") { nodes { id } } }');
    expect(costOf(one)).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 3 });

    // Nested connections multiply: 2 + 5 × (1 + (2 + 10 × (1 + inventoryItem 1))).
    const nested = await sdk.client.request('{ products(first: 5) { nodes { id variants(first: 10) { nodes { sku inventoryItem { id } } } } } }');
    expect(costOf(nested).requestedQueryCost).toBe(2 + 5 * (1 + 2 + 10 * 2));
    expect(costOf(nested).actualQueryCost).toBeLessThan(costOf(nested).requestedQueryCost);

    // The unused part of the requested cost is refunded: the bucket only lost the actual costs.
    const status = costOf(nested).throttleStatus;
    expect(status.currentlyAvailable).toBeGreaterThanOrEqual(1000 - (1 + 12 + 3 + (costOf(nested).actualQueryCost ?? 0)));

    const mutation = await sdk.client.request(
      `mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) @idempotent(key: "cost-test") { userErrors { field message } } }`,
      { variables: { input: { name: 'available', reason: 'correction', changes: [{ delta: 1, inventoryItemId: emu.stock('FA-LINEN-SHIRT-S-ECRU').inventory_item_id, locationId: emu.locationId, changeFromQuantity: null }] } } },
    );
    expect(costOf(mutation)).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });

  it('a query over the single-query limit is refused with MAX_COST_EXCEEDED', async () => {
    const err = await sdk.client.request('{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphqlQueryError);
    const body = (err as GraphqlQueryError).body as { errors: { graphQLErrors: { extensions: { code: string; cost: number; maxCost: number } }[] } };
    expect(body.errors.graphQLErrors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', cost: 2 + 250 * (1 + 2 + 250), maxCost: 1000 });
  });
});

describe('throttling (leaky bucket)', () => {
  let emu: ShopifyEmulator;
  let sdk: EmulatorShopify;
  setUpShopifySuite((s) => ({ emu, sdk } = s), { options: { bucket: { maximumAvailable: 30, restoreRate: 20 } }, reset: false });

  it('answers HTTP 200 with a THROTTLED error when the bucket cannot pay, then recovers at the restore rate', async () => {
    const q = '{ products(first: 10) { nodes { id } } }'; // 12 points
    const a = await sdk.client.request(q);
    expect(costOf(a).throttleStatus).toEqual({ maximumAvailable: 30, currentlyAvailable: 18, restoreRate: 20 });
    await sdk.client.request(q);

    // Raw HTTP, to see exactly what Shopify sends: 200, errors[0].extensions.code THROTTLED, actualQueryCost null.
    const res = await fetch(emu.graphqlUrl('2026-04'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': emu.accessToken },
      body: JSON.stringify({ query: q }),
    });
    expect(res.status).toBe(200);
    const raw = (await res.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[]; extensions: { cost: CostExtension } };
    expect(raw.data).toBeUndefined();
    expect(raw.errors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }]);
    expect(raw.extensions.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: null, throttleStatus: { maximumAvailable: 30, restoreRate: 20 } });
    expect(raw.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(12);

    // Through the SDK it is a GraphqlQueryError carrying the cost report.
    const err = await sdk.client.request(q).catch((e: unknown) => e);
    const cost = throttledCost(err);
    expect(cost).not.toBeNull();
    expect(throttleWaitMs(cost!)).toBeGreaterThan(0);

    // A client that waits (requested − available) / restoreRate gets through.
    const waits: number[] = [];
    const started = Date.now();
    const ok = await requestRespectingThrottle<{ products: { nodes: { id: string }[] } }>(sdk.client, q, undefined, { onThrottled: (_c, ms) => waits.push(ms) });
    expect(ok.data.products.nodes).toHaveLength(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(Math.min(...waits, 1000) - 20);
  });

  it('a backfill that respects throttling pages through the whole catalog', async () => {
    emu.reset();
    emu.setBucket({ maximumAvailable: 60, restoreRate: 400 });
    let cursor: string | null = null;
    let count = 0;
    let throttled = 0;
    for (;;) {
      const page: { data: { products: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } = await requestRespectingThrottle(
        sdk.client,
        'query($c: String) { products(first: 25, after: $c) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { c: cursor },
        { onThrottled: () => throttled++ },
      );
      count += page.data.products.nodes.length;
      if (!page.data.products.pageInfo.hasNextPage) break;
      cursor = page.data.products.pageInfo.endCursor;
    }
    expect(count).toBe(emu.state().counts.products);
    expect(throttled).toBeGreaterThan(0);
    expect(emu.bucketStatus().maximumAvailable).toBe(60);
  });

  it('drainBucket and the /_emulator/bucket endpoint reconfigure the bucket', async () => {
    emu.reset();
    expect(emu.bucketStatus()).toEqual({ maximumAvailable: 30, currentlyAvailable: 30, restoreRate: 20 });
    emu.setBucket({ restoreRate: 0.01 });
    expect(emu.drainBucket().currentlyAvailable).toBe(0);
    const err = await sdk.client.request('{ shop { name } }').catch((e: unknown) => e);
    expect(throttledCost(err)?.requestedQueryCost).toBe(1);
    const res = await fetch(`${emu.url}/_emulator/bucket`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ maximumAvailable: 1000, restoreRate: 50, fill: true }) });
    expect(await res.json()).toEqual({ maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 });
    expect((await sdk.client.request<{ shop: { name: string } }>('{ shop { name } }')).data?.shop.name).toBe('DotShop (emulated)');
  });
});
