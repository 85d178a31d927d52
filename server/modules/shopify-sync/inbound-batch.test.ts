// Batched inbound stock levels (issue 15 §4, ADR 027) against real Postgres: a batch with
// duplicated and reordered webhooks for the same item ends at the newest level (ADR 013/021 rules:
// later updated_at; same second → later triggered-at, else the lower count), a level older than
// the projection is ignored, a poison level does not block the others, the purge is one call for
// the batch, and a batch ends where applying the same events one by one ends.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedCatalog } from '../../../db/seed/catalog-seed';
import type { PurgeAdapter } from '../../platform/purge';
import type { ShopifyClient } from '../../integrations/shopify/client';
import { startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';
import { applyShopifyEvent, type ApplyDeps } from './inbound';
import { applyShopifyEvents, coalesceLevels, type BatchLevel } from './inbound-batch';

let w: PaymentsWorld;
let deps: ApplyDeps;
const purges: string[][] = [];
const purger: PurgeAdapter = { purge: async (keys) => void purges.push([...keys]) };
let items: { item: string; handle: string; variantId: number }[] = [];
let n = 0;

const BASE = Date.parse('2026-12-04T10:00:00.000Z');
const at = (s: number) => new Date(BASE + s * 1000).toISOString().replace('.000Z', 'Z');

/** Stores an inventory_levels/update in the inbox as the receiver would (verified earlier); returns its event id. */
async function inbox(item: string, available: number, updatedSecond: number, triggeredMs: number | null): Promise<string> {
  const eventId = `evt-batch-${++n}`;
  const numeric = item.split('/').pop();
  const payload = {
    topic: 'inventory_levels/update',
    eventId,
    webhookId: eventId,
    triggeredAt: triggeredMs === null ? null : new Date(BASE + triggeredMs).toISOString(),
    shopDomain: 'test.myshopify.com',
    apiVersion: '2026-01',
    body: { inventory_item_id: Number(numeric), location_id: 1, available, updated_at: at(updatedSecond) },
  };
  await w.t.primary.execute(sql`insert into webhook_inbox (provider, event_id, type, payload) values ('shopify', ${eventId}, 'inventory_levels/update', ${JSON.stringify(payload)}::jsonb)`);
  return eventId;
}
const level = async (variantId: number) => (await w.t.primary.execute<{ available: number }>(sql`select available from inventory where variant_id = ${variantId}`))[0]?.available;
const setLevel = (variantId: number, available: number, atSecond: number) =>
  w.t.primary.execute(sql`update inventory set available = ${available}, available_at = ${at(atSecond)}::timestamptz, available_triggered_at = null where variant_id = ${variantId}`);

beforeAll(async () => {
  w = await startPaymentsWorld('inbatch');
  await seedCatalog(w.t.primary);
  items = await w.t.primary.execute<{ item: string; handle: string; variantId: number }>(sql`
    select v.shopify_inventory_item_id as item, p.handle, v.id as "variantId" from variants v join products p on p.id = v.product_id
    where v.shopify_inventory_item_id like 'gid://shopify/InventoryItem/%' order by v.id limit 4`);
  expect(items).toHaveLength(4);
  deps = { db: w.t.primary, outbox: w.deps.outbox, shopify: {} as ShopifyClient, purger };
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  purges.splice(0);
  for (const it of items) await setLevel(it.variantId, 50, 0);
});

describe('a batch of Shopify stock levels', () => {
  it('duplicated and out-of-order levels for one item end at the newest; an older-than-held level is ignored; one purge', async () => {
    const [a, b] = items;
    const ids = [
      await inbox(a.item, 7, 3, 3_100),
      await inbox(a.item, 5, 1, 1_100),
      await inbox(a.item, 9, 2, 2_100),
      await inbox(a.item, 7, 3, 3_100), // the same change again under another event id
      await inbox(a.item, 6, 3, 3_050), // same second, triggered earlier: loses
    ];
    await setLevel(b.variantId, 40, 10);
    const staleForB = await inbox(b.item, 1, 5, 5_000); // older than the projection's level
    const outcomes = await applyShopifyEvents(deps, [...ids, ids[0], staleForB]); // a duplicated job too
    expect(await level(a.variantId)).toBe(7);
    expect(await level(b.variantId)).toBe(40);
    expect([...outcomes.values()].filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.get(staleForB)).toBe('stale');
    expect(purges).toEqual([[`product:${a.handle}`]]);
    const [{ unprocessed }] = await w.t.primary.execute<{ unprocessed: number }>(sql`select count(*)::int as unprocessed from webhook_inbox where processed_at is null`);
    expect(unprocessed).toBe(0);
    const [{ samples }] = await w.t.primary.execute<{ samples: number }>(sql`select count(*)::int as samples from sync_lag_samples where ref = any(${`{${[...ids, staleForB].join(',')}}`}::text[]) and applied_at is not null`);
    expect(samples).toBe(6);
    // Applying the batch again changes nothing (every event is already processed).
    expect([...(await applyShopifyEvents(deps, ids)).values()]).toEqual(Array(ids.length).fill('already'));
  });

  it('on an equal second without triggered-at the lower count wins (the higher one is what oversells)', async () => {
    const [a] = items;
    const ids = [await inbox(a.item, 8, 4, null), await inbox(a.item, 3, 4, null), await inbox(a.item, 5, 4, null)];
    await applyShopifyEvents(deps, ids.reverse());
    expect(await level(a.variantId)).toBe(3);
  });

  it('a poison level in a batch fails its own job only; the others are applied', async () => {
    const [a, b, c] = items;
    const good1 = await inbox(a.item, 11, 2, 2_000);
    const poison = await inbox(b.item, 1e12, 2, 2_000); // beyond Postgres' integer: the batch statement fails
    const good2 = await inbox(c.item, 12, 2, 2_000);
    const outcomes = await applyShopifyEvents(deps, [good1, poison, good2]);
    expect(outcomes.get(good1)).toBe('applied');
    expect(outcomes.get(good2)).toBe('applied');
    expect(outcomes.get(poison)).toBeInstanceOf(Error);
    expect([await level(a.variantId), await level(b.variantId), await level(c.variantId)]).toEqual([11, 50, 12]);
    const [{ processed }] = await w.t.primary.execute<{ processed: boolean }>(sql`select processed_at is not null as processed from webhook_inbox where event_id = ${poison}`);
    expect(processed).toBe(false); // left for the retry / dead letter
  });

  it('ends where applying the same events one by one ends (random bursts, ties included)', async () => {
    let seed = 7;
    const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
    for (let round = 0; round < 4; round++) {
      const burst: { item: (typeof items)[number]; available: number; second: number; trig: number | null }[] = [];
      for (let i = 0; i < 40; i++) {
        const second = 1 + rand(4);
        burst.push({ item: items[rand(3)], available: rand(20), second, trig: rand(4) === 0 ? null : second * 1000 + rand(3) });
      }
      const final = async (mode: 'batch' | 'one') => {
        for (const it of items) await setLevel(it.variantId, 50, 0);
        const ids: string[] = [];
        for (const e of burst) ids.push(await inbox(e.item.item, e.available, e.second, e.trig));
        if (mode === 'batch') await applyShopifyEvents(deps, ids);
        else for (const id of ids) await applyShopifyEvent(deps, id);
        return Promise.all(items.slice(0, 3).map((it) => level(it.variantId)));
      };
      expect(await final('batch')).toEqual(await final('one'));
    }
  });
});

describe('coalesceLevels', () => {
  it('keeps one level per item, the newest by the ADR 013/021 rules', () => {
    const l = (eventId: string, item: string, available: number, s: number, t: number | null): BatchLevel => ({
      eventId,
      inventoryItemId: item,
      locationId: '1',
      available,
      updatedAt: new Date(BASE + s * 1000),
      triggeredAt: t === null ? null : new Date(BASE + t),
    });
    const { winners, losers } = coalesceLevels([l('1', 'x', 5, 1, 1000), l('2', 'x', 9, 2, 2000), l('3', 'y', 4, 1, null), l('4', 'x', 8, 2, 2500), l('5', 'y', 2, 1, 900)]);
    expect(winners.map((w) => w.eventId).sort()).toEqual(['4', '5']);
    expect(losers.map((w) => w.eventId).sort()).toEqual(['1', '2', '3']);
  });
});
