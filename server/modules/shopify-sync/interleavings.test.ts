// Issue 11 §3.3: cancelled orders and Shopify — real Postgres, the Stripe and Shopify emulators,
// the real SDKs. A cancelled order is never pushed; one cancelled after its push is cancelled on
// Shopify (restocked); a fulfilment for an order cancelled here is flagged, never dropped.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyOrderPushes } from '../../../db/commerce-schema';
import { webhookInbox } from '../../../db/payments-schema';
import { variants } from '../../../db/schema';
import { type ShopifyEmulator, startShopifyEmulator } from '../../../emulators/shopify/server';
import { addToCart, createCart, getCart } from '../cart';
import { getProductDetail } from '../catalog';
import { deleteVariant, setProductImages } from '../../../emulators/shopify/store/catalog';
import { checkoutIdempotently } from '../checkout';
import { cancelOrder } from '../payments';
import { createLocalPurgeAdapter } from '../../platform/purge';
import { createShopifyClient, type ShopifyClient } from '../../integrations/shopify/client';
import { cancelOrderOnShopify, pushOrderInSkuOrder } from './push';
import { applyShopifyEvent, syncProductFromShopify } from './inbound';
import { insertTestVariant } from '../../testing/catalog-fixture';
import { authorizedOrderOf, oregonCheckout, startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';
import { gate, settledOrBlocked } from '../../testing/interleave';

let w: PaymentsWorld;
let emu: ShopifyEmulator;
let shopify: ShopifyClient;

beforeAll(async () => {
  w = await startPaymentsWorld('shopify-interleave');
  emu = await startShopifyEmulator({ port: 0 });
  shopify = createShopifyClient({ SHOPIFY_SHOP_DOMAIN: emu.shopDomain, SHOPIFY_ACCESS_TOKEN: emu.accessToken, SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: emu.apiSecret, SHOPIFY_API_BASE: emu.url });
}, 60_000);
afterAll(async () => {
  await emu?.close();
  await w?.close();
});

const admin = { actorType: 'admin', actorId: '1', actorLabel: 'owner@dotshop.local' } as const;
let seq = 0;
async function sku(available: number): Promise<string> {
  const s = `CXL-${process.pid}-${++seq}`;
  const v = await insertTestVariant(w.t.primary, { sku: s, available, usd: 10000 });
  const made = emu.createProduct({ title: `Cancel ${s}`, variants: [{ sku: s, price: '100.00', available }] });
  await w.t.primary.update(variants).set({ shopifyId: made.variants[0].variant_id, shopifyInventoryItemId: made.variants[0].inventory_item_id }).where(eq(variants.id, v.variantId));
  return s;
}
const placeOrder = async (s: string) => (await authorizedOrderOf(w, [{ sku: s, qty: 1 }])).id;
const pd = () => ({ db: w.t.primary, outbox: w.deps.outbox });
const onShopify = (orderId: string) => emu.orders().filter((o) => o.tags.includes(`dotshop-order-${orderId}`));
/** Runs the Shopify cancellations the cancel queued, as the worker would. */
async function runShopifyCancelJobs(orderId: string) {
  const jobs = await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'shopify.cancel-order' and data->>'orderId' = ${orderId}`);
  for (let i = 0; i < jobs[0].n; i++) await cancelOrderOnShopify({ db: w.t.primary, shopify }, orderId);
}

describe('§3.3 cancelled orders and Shopify', () => {
  it('an order cancelled while Shopify was down is never pushed, so its unit is not sold twice there', async () => {
    const s = await sku(1);
    emu.setDown(true);
    const a = await placeOrder(s);
    expect(await cancelOrder(pd(), a, admin)).toBe('cancelled'); // reservation released
    const b = await placeOrder(s); // …so B buys the same last unit
    emu.setDown(false);
    await pushOrderInSkuOrder({ db: w.t.primary, shopify }, a);
    await pushOrderInSkuOrder({ db: w.t.primary, shopify }, b);
    expect(onShopify(a)).toHaveLength(0);
    expect(onShopify(b)).toHaveLength(1);
    expect(emu.stock(s).available).toBe(0); // not −1
  });

  it('an order cancelled after it reached Shopify is cancelled there, and its unit restocked', async () => {
    const s = await sku(3);
    const a = await placeOrder(s);
    await pushOrderInSkuOrder({ db: w.t.primary, shopify }, a);
    expect(emu.stock(s).available).toBe(2);
    await cancelOrder(pd(), a, admin);
    await runShopifyCancelJobs(a);
    await runShopifyCancelJobs(a); // the job ran twice
    expect(onShopify(a)[0].cancelled_at).not.toBeNull();
    expect(emu.stock(s).available).toBe(3);
    expect((await w.t.primary.select().from(shopifyOrderPushes).where(eq(shopifyOrderPushes.orderId, a)))[0].status).toBe('cancelled');
  });

  it('an admin cancel during the push waits for it, then the order is cancelled on Shopify', async () => {
    const s = await sku(3);
    const a = await placeOrder(s);
    const g = gate();
    const gated = { graphql: async (q: string, v?: Record<string, unknown>) => ((q.includes('orderCreate') && (await g.pass()), shopify.graphql(q, v))) } as unknown as ShopifyClient;
    const push = pushOrderInSkuOrder({ db: w.t.primary, shopify: gated }, a);
    await g.reached; // the push read the order (authorized) and is creating it on Shopify
    const cancel = cancelOrder(pd(), a, admin);
    await settledOrBlocked(w.t.primary, cancel);
    g.open();
    await push;
    expect(await cancel).toBe('cancelled');
    await runShopifyCancelJobs(a);
    expect(onShopify(a)).toHaveLength(1);
    expect(onShopify(a)[0].cancelled_at).not.toBeNull();
    expect(emu.stock(s).available).toBe(3);
  });

  it('a fulfilment from Shopify for an order cancelled here is flagged for a person, not dropped', async () => {
    const s = await sku(3);
    const a = await placeOrder(s);
    await cancelOrder(pd(), a, admin);
    const eventId = `evt-fulfilled-${a}`;
    await w.t.primary.insert(webhookInbox).values({
      provider: 'shopify',
      eventId,
      type: 'orders/fulfilled',
      payload: { topic: 'orders/fulfilled', eventId, webhookId: null, triggeredAt: new Date().toISOString(), shopDomain: null, apiVersion: null, body: { id: 1, tags: `dotshop, dotshop-order-${a}` } },
    });
    const outcome = await applyShopifyEvent({ db: w.t.primary, outbox: w.deps.outbox, shopify, purger: createLocalPurgeAdapter() }, eventId);
    expect(outcome).toBe('flagged');
    const flags = await w.t.primary.execute<{ after: { reason: string } }>(sql`select after from audit_log where entity_id = ${a} and action = 'order.flagged'`);
    expect(flags.map((f) => f.after.reason)).toEqual(['fulfilled_after_cancel']);
  });
});

describe('§3.4 equal-second inventory levels delivered out of order', () => {
  const applyDeps = () => ({ db: w.t.primary, outbox: w.deps.outbox, shopify, purger: createLocalPurgeAdapter() });
  let n = 0;
  /** One inventory_levels/update in the inbox, applied as the worker would. */
  async function deliverLevel(itemId: string, available: number, updatedAt: string, triggeredAt: string | null) {
    const eventId = `evt-level-${process.pid}-${++n}`;
    await w.t.primary.insert(webhookInbox).values({
      provider: 'shopify',
      eventId,
      type: 'inventory_levels/update',
      payload: { topic: 'inventory_levels/update', eventId, webhookId: null, triggeredAt, shopDomain: null, apiVersion: null, body: { inventory_item_id: itemId.split('/').pop(), location_id: 1, available, updated_at: updatedAt } },
    });
    return applyShopifyEvent(applyDeps(), eventId);
  }
  async function variantWithItem(item: string) {
    const v = await insertTestVariant(w.t.primary, { sku: `LVL-${process.pid}-${++n}`, available: 0 });
    await w.t.primary.update(variants).set({ shopifyInventoryItemId: `gid://shopify/InventoryItem/${item}` }).where(eq(variants.id, v.variantId));
    await w.t.primarySql`update inventory set available_at = '2026-12-01T00:00:00Z' where variant_id = ${v.variantId}`;
    return v.variantId;
  }
  const available = async (variantId: number) => (await w.t.primarySql<{ available: number }[]>`select available from inventory where variant_id = ${variantId}`)[0].available;

  it('10 → 9 → 8 in one second, delivered 10, 8, 9: the count is 8 (the later triggered-at wins)', async () => {
    const item = `${process.pid}01`;
    const v = await variantWithItem(item);
    const second = '2026-12-04T10:00:00Z';
    await deliverLevel(item, 10, second, '2026-12-04T10:00:00.100Z');
    await deliverLevel(item, 8, second, '2026-12-04T10:00:00.300Z');
    expect(await deliverLevel(item, 9, second, '2026-12-04T10:00:00.200Z')).toBe('stale');
    expect(await available(v)).toBe(8);
    // A restock in the same second (8 → 12, triggered later) is applied: not simply "lowest wins".
    await deliverLevel(item, 12, second, '2026-12-04T10:00:00.400Z');
    expect(await available(v)).toBe(12);
  });

  it('without a triggered-at to tell them apart, the lower count wins the tie (never a phantom unit)', async () => {
    const item = `${process.pid}02`;
    const v = await variantWithItem(item);
    const second = '2026-12-04T11:00:00Z';
    await deliverLevel(item, 8, second, null);
    await deliverLevel(item, 9, second, null);
    expect(await available(v)).toBe(8);
    // A later second always wins, up or down.
    await deliverLevel(item, 11, '2026-12-04T11:00:01Z', null);
    expect(await available(v)).toBe(11);
  });
});

describe('§2.8 variants and images deleted or changed in Shopify', () => {
  const syncDeps = () => ({ db: w.t.primary, shopify });
  const input = (cartId: string) => oregonCheckout(cartId);

  it('a variant deleted in Shopify cannot be bought here: not on its page, not addable, and a bag holding it cannot check out; images follow updates', async () => {
    const tag = `${process.pid}-${++seq}`;
    const [keep, gone] = [`KEEP-${tag}`, `GONE-${tag}`];
    const made = emu.createProduct({ title: `Two Ways ${tag}`, variants: [{ sku: keep, title: 'Small', price: '40.00', available: 5 }, { sku: gone, title: 'Large', price: '45.00', available: 5 }] });
    expect((await syncProductFromShopify(syncDeps(), made.product_id)).outcome).toBe('applied');
    const page = async () => getProductDetail(w.t.primary, { handle: made.handle, currency: 'USD' });
    expect((await page())!.variants.map((v) => v.sku).sort()).toEqual([gone, keep].sort());
    const cartId = await createCart(w.t.primary, 'us');
    await addToCart(w.t.primary, cartId, gone, 1);

    deleteVariant(emu.store, gone);
    setProductImages(emu.store, made.handle, [{ src: `/media/new-${tag}-1.jpg`, alt: 'New front' }, { src: `/media/new-${tag}-2.jpg`, alt: 'New back' }]);
    expect((await syncProductFromShopify(syncDeps(), made.product_id)).outcome).toBe('applied'); // what products/update does

    const after = (await page())!;
    expect(after.variants.map((v) => v.sku)).toEqual([keep]);
    expect(after.images.map((i) => i.url)).toEqual([expect.stringContaining(`/media/new-${tag}-1.jpg`), expect.stringContaining(`/media/new-${tag}-2.jpg`)]);
    await expect(addToCart(w.t.primary, (await createCart(w.t.primary, 'us')), gone, 1)).rejects.toMatchObject({ code: 'unknown_sku' });
    const bag = (await getCart(w.t.primary, cartId, 'us'))!;
    expect(bag.lines[0]).toMatchObject({ sku: gone, sellable: 0, problem: 'sold_out' });
    const res = await checkoutIdempotently(w.deps, `gone-${cartId}`, input(cartId));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'out_of_stock', skus: [gone] });
    const [{ n }] = await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from orders where cart_id = ${cartId}::uuid`);
    expect(n).toBe(0);
  });

  it('products/delete: the product 404s and none of its variants can be checked out', async () => {
    const tag = `${process.pid}-${++seq}`;
    const s = `DEL-${tag}`;
    const made = emu.createProduct({ title: `Deleted ${tag}`, variants: [{ sku: s, price: '30.00', available: 5 }] });
    await syncProductFromShopify(syncDeps(), made.product_id);
    const cartId = await createCart(w.t.primary, 'us');
    await addToCart(w.t.primary, cartId, s, 1);
    emu.deleteProduct(made.handle);
    const eventId = `evt-delete-${tag}`;
    await w.t.primary.insert(webhookInbox).values({
      provider: 'shopify',
      eventId,
      type: 'products/delete',
      payload: { topic: 'products/delete', eventId, webhookId: null, triggeredAt: new Date().toISOString(), shopDomain: null, apiVersion: null, body: { id: Number(made.product_id.split('/').pop()) } },
    });
    expect(await applyShopifyEvent({ db: w.t.primary, outbox: w.deps.outbox, shopify, purger: createLocalPurgeAdapter() }, eventId)).toBe('applied');
    expect(await getProductDetail(w.t.primary, { handle: made.handle, currency: 'USD' })).toBeNull();
    const res = await checkoutIdempotently(w.deps, `deleted-${cartId}`, input(cartId));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'out_of_stock', skus: [s] });
  });
});
